import { EmailLinkEntity } from './email-link.entity';
import { FavouriteEntity } from './favourite.entity';
import { TicketEntity } from './ticket.entity';

export { EmailLinkEntity, type EmailLinkRecord } from './email-link.entity';
export { FavouriteEntity, type FavouriteRecord } from './favourite.entity';
export { TicketEntity, type TicketRecord } from './ticket.entity';

/** Every entity of the tickets schema, for the ORM options. */
export const ticketsEntities = [TicketEntity, FavouriteEntity, EmailLinkEntity];
