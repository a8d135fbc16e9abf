import { randomUUID } from 'node:crypto';
import { CommonErrorCode, CrmErrorCode, type Activity, type ActivityPage, type ActivityPageQuery, type CreateActivitiesBody, type CreateActivityBody, type CreatedActivities } from '@switchboard/contracts';
import { numberedParameters, queryPrepared, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ACTIVITY_VISIBLE, uuidArray } from '../access';
import { contactNotFound, invalidCursor } from '../errors';
import { decodeCursor, encodeCursor } from '../search/cursor';
import { requiredText } from '../validation/text';

/**
 * `POST /activities/batch` in one statement: inserts the items (`$1`, JSON) whose contact exists and
 * whose title is not blank, in their order, each once under its external key; answers each item's
 * place and whether its contact was found.
 */
const CREATE_MANY_SQL = numberedParameters(`with input as (
     select * from jsonb_to_recordset(?::jsonb) as i(ord int, id uuid, contact_id uuid, kind text, direction text,
       occurred_at timestamptz, ticket_id uuid, title text, body text, link text, private boolean, external_key text)
   ),
   found as (select i.*, exists (select 1 from crm.contact c where c.id = i.contact_id) as contact_found from input i),
   inserted as (
     insert into crm.activity (id, contact_id, kind, direction, occurred_at, ticket_id, title, body, link, private,
       author_id, team_id, external_key)
     select id, contact_id, kind, direction, occurred_at, ticket_id, title, body, link, private, ?, ?, external_key
       from found where contact_found and title <> '' order by ord
     on conflict (external_key) do nothing
   )
   select ord, contact_found from found order by ord`);

/** An activity row as raw SQL returns it. */
interface ActivityRow {
  id: string;
  contact_id: string;
  kind: Activity['kind'];
  direction: Activity['direction'];
  occurred_at: Date;
  ticket_id: string | null;
  title: string;
  body: string | null;
  link: string | null;
  private: boolean;
  author_id: string | null;
  external_key: string | null;
  created_at: Date;
}

const COLUMNS = `a.id, a.contact_id, a.kind, a.direction, a.occurred_at, a.ticket_id, a.title, a.body, a.link, a.private,
  a.author_id, a.external_key, a.created_at`;

function toActivity(row: ActivityRow): Activity {
  return {
    id: row.id,
    contactId: row.contact_id,
    kind: row.kind,
    direction: row.direction,
    occurredAt: new Date(row.occurred_at).toISOString(),
    ticketId: row.ticket_id,
    title: row.title,
    body: row.body,
    link: row.link,
    private: row.private,
    authorId: row.author_id,
    externalKey: row.external_key,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A contact's activities (M4, C8). */
export interface ActivitiesRepository {
  /** Newest first, a page at a time; private ones only to their author's team (and admins, services). */
  list(caller: Caller, contactId: string, query: ActivityPageQuery): Promise<ActivityPage>;
  /** Records an activity; with an `externalKey` seen before, answers that activity and records nothing. */
  create(caller: Caller, contactId: string, body: CreateActivityBody): Promise<Activity>;
  /**
   * Records activities of many contacts (E13: mail's macro notes), each as `create` would, in one
   * statement: an item whose contact is missing or whose title is blank answers its error, an item
   * whose key was recorded before records nothing; the others are recorded.
   */
  createMany(caller: Caller, body: CreateActivitiesBody): Promise<CreatedActivities>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Activity queries, bound to the request's EntityManager. */
    activitiesRepository: ActivitiesRepository;
  }
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createActivitiesRepository(app: FastifyInstance): ActivitiesRepository {
  const sql = <T>(query: string, params: unknown[]) => app.orm.em.execute<T[]>(query, params, 'all');

  const assertContact = async (id: string) => {
    const [row] = await sql('select 1 from crm.contact where id = ?', [id]);
    if (!row) throw contactNotFound(id);
  };

  return {
    async list(caller, contactId, query) {
      await assertContact(contactId);
      const limit = query.limit ?? 25;
      const where = ['a.contact_id = ?'];
      const params: unknown[] = [contactId];
      if (!caller.isAdmin && !caller.isService) {
        where.push(ACTIVITY_VISIBLE);
        params.push(caller.sub, uuidArray(caller.teams));
      }
      if (query.kind) {
        where.push('a.kind = ?');
        params.push(query.kind);
      }
      if (query.cursor) {
        const after = decodeCursor(query.cursor);
        const at = new Date(after.key);
        if (Number.isNaN(at.getTime())) throw invalidCursor();
        where.push('(a.occurred_at, a.id) < (?, ?)');
        params.push(at, after.id);
      }
      const rows = await sql<ActivityRow>(
        `select ${COLUMNS} from crm.activity a where ${where.join(' and ')} order by a.occurred_at desc, a.id desc limit ?`,
        [...params, limit + 1],
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toActivity),
        nextCursor: rows.length > limit && last ? encodeCursor({ key: new Date(last.occurred_at).toISOString(), id: last.id }) : null,
      };
    },

    async create(caller, contactId, body) {
      const title = requiredText(body.title, '/title');
      await assertContact(contactId);
      const [inserted] = await sql<ActivityRow>(
        `insert into crm.activity (id, contact_id, kind, direction, occurred_at, ticket_id, title, body, link, private,
           author_id, team_id, external_key)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (external_key) do nothing
         returning ${COLUMNS.replace(/a\./g, '')}`,
        [
          randomUUID(),
          contactId,
          body.kind,
          body.direction ?? null,
          body.occurredAt ? new Date(body.occurredAt) : new Date(),
          body.ticketId ?? null,
          title,
          body.body ?? null,
          body.link ?? null,
          body.private ?? false,
          caller.sub,
          caller.teams[0] ?? null,
          body.externalKey ?? null,
        ],
      );
      if (inserted) return toActivity(inserted);
      const [existing] = await sql<ActivityRow>(`select ${COLUMNS} from crm.activity a where a.external_key = ?`, [body.externalKey]);
      return toActivity(existing!);
    },

    async createMany(caller, body) {
      const items = body.items.map(({ contactId, activity }, ord) => ({
        ord,
        id: randomUUID(),
        contact_id: contactId,
        kind: activity.kind,
        direction: activity.direction ?? null,
        occurred_at: activity.occurredAt ?? new Date().toISOString(),
        ticket_id: activity.ticketId ?? null,
        title: activity.title.trim(),
        body: activity.body ?? null,
        link: activity.link ?? null,
        private: activity.private ?? false,
        external_key: activity.externalKey,
      }));
      // Bound, not inlined: the ORM's `execute` quotes a parameter into the statement's text, character
      // by character, which was a third of this route's CPU at 200 items. Unnamed (decision 0022).
      const rows = await queryPrepared<{ ord: number; contact_found: boolean }>(app.orm.em, null, CREATE_MANY_SQL, [
        JSON.stringify(items),
        caller.sub,
        caller.teams[0] ?? null,
      ]);
      return {
        items: rows.map((row) => {
          const { external_key: externalKey, contact_id: contactId, title } = items[row.ord]!;
          if (!row.contact_found) return { externalKey, error: { status: 404, code: CrmErrorCode.contactNotFound, message: `No contact ${contactId}` } };
          if (!title) return { externalKey, error: { status: 400, code: CommonErrorCode.validation, message: 'The title must not be blank' } };
          return { externalKey, recorded: true as const };
        }),
      };
    },
  };
}

/** Decorates `app.activitiesRepository`. */
export const activitiesRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('activitiesRepository', createActivitiesRepository(app));
  },
  { name: 'activities-repository', dependencies: ['switchboard-orm'] },
);
