import type { EntityManager } from '@mikro-orm/postgresql';
import { queryPrepared } from '@switchboard/service-kit';
import { CONTACT_COLUMNS, type ContactRow } from './contact-row';

/** Most contacts one match answers. */
export const MATCH_LIMIT = 100;

/** The contacts having one match key, by name: two index lookups, prepared once per connection. */
const matchStatement = (keyTable: 'contact_email' | 'contact_phone', keyColumn: 'address_key' | 'number') =>
  `select ${CONTACT_COLUMNS} from crm.contact c
   where c.id in (select k.contact_id from crm.${keyTable} k where k.${keyColumn} = $1)
   order by c.sort_name, c.id limit ${MATCH_LIMIT}`;

/** The statement of a match by address, `$1` the address key. */
export const MATCH_BY_EMAIL_SQL = matchStatement('contact_email', 'address_key');
/** The statement of a match by number, `$1` the E.164 number. */
export const MATCH_BY_PHONE_SQL = matchStatement('contact_phone', 'number');

/** Contacts with this address key (trimmed, lowercased). */
export const contactsByEmailKey = (em: EntityManager, key: string) => queryPrepared<ContactRow>(em, 'crm.match-email', MATCH_BY_EMAIL_SQL, [key]);

/** Contacts with this E.164 number. */
export const contactsByNumber = (em: EntityManager, number: string) => queryPrepared<ContactRow>(em, 'crm.match-phone', MATCH_BY_PHONE_SQL, [number]);
