import { TicketsErrorCode } from '@switchboard/contracts';
import { badRequest, forbidden, notFound } from '@switchboard/service-kit';

/** 404: no ticket with this id, or none the caller may see (its existence is not revealed). */
export const ticketNotFound = (id: string) => notFound(TicketsErrorCode.ticketNotFound, `No ticket ${id}`);

/** 404: the email has not been assigned to a ticket yet, or to none the caller may see. */
export const emailNotLinked = (emailId: string) =>
  notFound(TicketsErrorCode.emailNotLinked, `Email ${emailId} is not linked to a ticket`);

/** 403: the caller may not file tickets into this queue (M2: only queues they belong to). */
export const queueForbidden = (queueId: string) =>
  forbidden(`You are not a member of queue ${queueId}`, TicketsErrorCode.queueForbidden);

/** 403: favourites belong to users, and this token is not a user's. */
export const userRequired = () => forbidden('Only a user can keep favourites', TicketsErrorCode.userRequired);

/** 403: the email is linked to a ticket the caller may not see; only its team (or mail) may move it. */
export const emailLinkForbidden = (emailId: string) =>
  forbidden(`Email ${emailId} belongs to a ticket you may not see`, TicketsErrorCode.emailLinkForbidden);

/** 403: only a service may call this route (mail filing a received email). */
export const serviceRequired = (what = 'file received emails') => forbidden(`Only a service may ${what}`, TicketsErrorCode.serviceRequired);

/** 400: the change would leave a ticket with more tags than it may have. */
export const tooManyTags = (max: number) => badRequest(TicketsErrorCode.tooManyTags, `A ticket has at most ${max} tags`);

/** 400: `cursor` is not one this service gave: malformed, or edited into something that is not one. */
export const invalidCursor = () => badRequest(TicketsErrorCode.invalidCursor, 'Invalid query: cursor is not a cursor of this search');

/** 400: `cursor` and a non-zero `offset` together; a page after a cursor starts right after it. */
export const cursorWithOffset = () =>
  badRequest(TicketsErrorCode.cursorWithOffset, 'Invalid query: cursor and a non-zero offset cannot be combined');
