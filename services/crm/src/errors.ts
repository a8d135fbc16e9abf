import { CommonErrorCode, CrmErrorCode, type CalendarEvent, type Company, type Contact } from '@switchboard/contracts';
import { badRequest, conflict, forbidden, notFound } from '@switchboard/service-kit';

/** 404: no contact with this id. */
export const contactNotFound = (id: string) => notFound(CrmErrorCode.contactNotFound, `No contact ${id}`);

/** 404: no company with this id. */
export const companyNotFound = (id: string) => notFound(CrmErrorCode.companyNotFound, `No company ${id}`);

/** 404: no SLA plan with this reference. */
export const slaNotFound = (ref: string) => notFound(CrmErrorCode.slaNotFound, `No SLA plan ${ref}`);

/** 404: no event with this id in the caller's calendar. */
export const eventNotFound = (id: string) => notFound(CrmErrorCode.eventNotFound, `No calendar event ${id}`);

/** The 400 codes of a field that does not hold what it must: `field` is its JSON pointer. */
type InvalidFieldCode =
  | typeof CrmErrorCode.invalidEmail
  | typeof CrmErrorCode.invalidPhone
  | typeof CrmErrorCode.invalidIco
  | typeof CrmErrorCode.invalidVatId
  | typeof CrmErrorCode.invalidDomain
  | typeof CrmErrorCode.duplicateEmail
  | typeof CrmErrorCode.duplicatePhone
  | typeof CrmErrorCode.severalPrimary;

const invalidMessages: Record<InvalidFieldCode, string> = {
  [CrmErrorCode.invalidEmail]: 'is not an email address',
  [CrmErrorCode.invalidPhone]: 'is not a phone number',
  [CrmErrorCode.invalidIco]: 'is not an IČO (8 digits with a matching check digit)',
  [CrmErrorCode.invalidVatId]: 'is not an EU VAT id',
  [CrmErrorCode.invalidDomain]: 'is not a domain',
  [CrmErrorCode.duplicateEmail]: 'is listed twice',
  [CrmErrorCode.duplicatePhone]: 'is listed twice',
  [CrmErrorCode.severalPrimary]: 'marks a second entry as primary',
};

/** 400 with a code a form can put beside the field: `details: { field, value }`. */
export const invalidField = (code: InvalidFieldCode, field: string, value: string) =>
  badRequest(code, `${field} ${invalidMessages[code]}: ${JSON.stringify(value.slice(0, 100))}`, { field, value });

/** 400: GET /contacts/match needs exactly one of email and phone. */
export const matchKeyRequired = () => badRequest(CrmErrorCode.matchKeyRequired, 'Give exactly one of email and phone');

/** 400: the cursor was not handed out by this query. */
export const invalidCursor = () => badRequest(CrmErrorCode.invalidCursor, 'The cursor is not one this list handed out');

/** 400: an event that ends before it starts, lasts too long, or a range too wide. */
export const invalidTimeRange = (message: string) => badRequest(CrmErrorCode.invalidTimeRange, message);

/** 403: `teamId` is not one of the caller's teams. */
export const teamForbidden = (teamId: string) => forbidden(`You are not a member of team ${teamId}`, CrmErrorCode.teamForbidden);

/** 403: only the owner, the record's team, admins and services may change it. */
export const recordForbidden = (what: string) =>
  forbidden(`Only its owner, its team or an admin may change this ${what}`, CrmErrorCode.recordForbidden);

/** 403: only a service may call this route (mail recording its macros' notes). */
export const serviceRequired = () => forbidden('Only a service may record activities in a batch', CrmErrorCode.serviceRequired);

/** 403: calendars belong to users, and this token is not a user's. */
export const userRequired = () => forbidden('Only a user has a calendar', CrmErrorCode.userRequired);

/** 409: an event key that another agent's event already has. */
export const externalKeyTaken = (key: string) => conflict(CommonErrorCode.conflict, `The key ${key} belongs to another agent's event`);

/** 403: a user named another agent's calendar for a new event; only services schedule for others. */
export const calendarOwnerForbidden = () => forbidden("Only a service schedules in another agent's calendar", CrmErrorCode.userRequired);

/** 409: the event was cancelled and cannot be changed any more. */
export const eventCancelled = (id: string) => conflict(CrmErrorCode.eventCancelled, `Calendar event ${id} was cancelled`);

/** 409 with the server copy in `details.current`, as drafts do (C3). */
export const versionConflict = (current: Contact | Company | CalendarEvent) =>
  conflict(CrmErrorCode.versionConflict, `The record changed meanwhile; the server has version ${current.version}`, { current });
