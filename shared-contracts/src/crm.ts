import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { MAX_BATCH_ITEMS, TimestampSchema, UuidSchema } from './common';
import { CommonErrorCode } from './errors';
import { defineRoute } from './route';

// Emails, phone numbers, IČO and VAT ids are plain strings here on purpose: the service checks
// them and answers 400 with its own code (INVALID_EMAIL, INVALID_PHONE, ...) that a form can
// put beside the right field, rather than the schema's generic VALIDATION_FAILED.

/** Text of a record (the kit refuses NUL and lone surrogates in any input). */
const text = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** One email address of a contact, shown as typed; matching ignores case and surrounding spaces. */
export const ContactEmailSchema = Type.Object({
  address: Type.String(),
  primary: Type.Boolean(),
});
export type ContactEmail = Static<typeof ContactEmailSchema>;

export const PhoneLabelSchema = Type.Union([Type.Literal('mobile'), Type.Literal('work'), Type.Literal('home'), Type.Literal('other')]);
export type PhoneLabel = Static<typeof PhoneLabelSchema>;

/** One phone number of a contact, in E.164 (`+420601234567`). */
export const ContactPhoneSchema = Type.Object({
  number: Type.String(),
  label: PhoneLabelSchema,
  primary: Type.Boolean(),
});
export type ContactPhone = Static<typeof ContactPhoneSchema>;

/** Who owns a record and which team may change it (S8). */
const ownership = {
  /** The agent responsible for the record. */
  ownerId: nullable(UuidSchema),
  /** The team whose members may change the record and read its private notes; null: everyone may. */
  teamId: nullable(UuidSchema),
  /** Whether the caller may change the record (owner, the team, an admin or a service). */
  canEdit: Type.Boolean(),
  /** Bumped by every change; PATCH must name the version it saw (409 otherwise). */
  version: Type.Integer({ minimum: 1 }),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
};

/** The company a contact works for, as a contact shows it. */
export const CompanyRefSchema = Type.Object({ id: UuidSchema, name: Type.String() });
export type CompanyRef = Static<typeof CompanyRefSchema>;

/** A contact (C1). */
export const ContactSchema = Type.Object(
  {
    id: UuidSchema,
    name: Type.String(),
    /** Job title. */
    title: nullable(Type.String()),
    /** Primary first. */
    emails: Type.Array(ContactEmailSchema),
    /** Primary first. */
    phones: Type.Array(ContactPhoneSchema),
    company: nullable(CompanyRefSchema),
    /** Null when the notes are private to a team the caller is not in (then `notesHidden`). */
    notes: nullable(Type.String()),
    /** The notes are readable only by the owner, the record's team, admins and services. */
    notesPrivate: Type.Boolean(),
    /** The caller may not read the notes. */
    notesHidden: Type.Boolean(),
    ...ownership,
  },
  { $id: 'Contact' },
);
export type Contact = Static<typeof ContactSchema>;

/** A contact in lists and search results. */
export const ContactSummarySchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  title: nullable(Type.String()),
  primaryEmail: nullable(Type.String()),
  primaryPhone: nullable(Type.String()),
  company: nullable(CompanyRefSchema),
});
export type ContactSummary = Static<typeof ContactSummarySchema>;

const EmailInputSchema = Type.Object(
  { address: text(320), primary: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
const PhoneInputSchema = Type.Object(
  {
    /** As typed: `602 123 456`, `+420 602 123 456`, `00420602123456`; numbers without a country code are Czech. */
    number: text(40),
    label: Type.Optional(PhoneLabelSchema),
    primary: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const contactFields = {
  name: text(200, 1),
  title: Type.Optional(nullable(text(200))),
  /** At most one `primary`; without one the first address is primary. */
  emails: Type.Optional(Type.Array(EmailInputSchema, { maxItems: 20 })),
  /** At most one `primary`; without one the first number is primary. */
  phones: Type.Optional(Type.Array(PhoneInputSchema, { maxItems: 20 })),
  companyId: Type.Optional(nullable(UuidSchema)),
  notes: Type.Optional(nullable(text(10_000))),
  notesPrivate: Type.Optional(Type.Boolean()),
  ownerId: Type.Optional(nullable(UuidSchema)),
  /** One of the caller's teams (any team for an admin or a service). Default: the caller's first team. */
  teamId: Type.Optional(nullable(UuidSchema)),
};

/** POST /contacts (C9: add a new contact). */
export const CreateContactBodySchema = Type.Object(contactFields, { additionalProperties: false });
export type CreateContactBody = Static<typeof CreateContactBodySchema>;

/** PATCH /contacts/:id (C3): the given fields replace the stored ones; lists are replaced whole. */
export const PatchContactBodySchema = Type.Object(
  { version: Type.Integer({ minimum: 1 }), ...contactFields, name: Type.Optional(contactFields.name) },
  { additionalProperties: false },
);
export type PatchContactBody = Static<typeof PatchContactBodySchema>;

/** Paging by an opaque cursor from the previous page's `nextCursor`. */
const cursorPage = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]*$' })),
};

/** GET /contacts: search by name, email, phone or company, ignoring case and diacritics. */
export const ContactSearchQuerySchema = Type.Object(
  {
    /** Words, each found anywhere in the name, title, emails, phone numbers or company name. */
    q: Type.Optional(text(200)),
    companyId: Type.Optional(UuidSchema),
    ...cursorPage,
  },
  { additionalProperties: false },
);
export type ContactSearchQuery = Static<typeof ContactSearchQuerySchema>;

export const ContactListSchema = Type.Object({
  /** By name. */
  items: Type.Array(ContactSummarySchema),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: nullable(Type.String()),
});
export type ContactList = Static<typeof ContactListSchema>;

/** GET /contacts/match: exactly one of the two (C6, C9). */
export const ContactMatchQuerySchema = Type.Object(
  { email: Type.Optional(text(320)), phone: Type.Optional(text(40)) },
  { additionalProperties: false },
);
export type ContactMatchQuery = Static<typeof ContactMatchQuerySchema>;

/** Every contact with this address or number (several may share one), by name; at most 100. */
export const ContactMatchSchema = Type.Object({ items: Type.Array(ContactSchema) });
export type ContactMatch = Static<typeof ContactMatchSchema>;

/** A postal address of a company. */
export const AddressSchema = Type.Object(
  {
    label: Type.Optional(text(60)),
    street: text(200),
    city: text(100, 1),
    postalCode: text(20),
    /** ISO 3166-1 alpha-2. */
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
  },
  { additionalProperties: false },
);
export type Address = Static<typeof AddressSchema>;

/** A company (C1, C7). */
export const CompanySchema = Type.Object(
  {
    id: UuidSchema,
    name: Type.String(),
    /** Czech company registration number (IČO), 8 digits with its check digit. */
    ico: nullable(Type.String()),
    /** VAT id, e.g. `CZ12345679`. */
    vatId: nullable(Type.String()),
    /** Email domains of the company, lowercase. */
    domains: Type.Array(Type.String()),
    addresses: Type.Array(AddressSchema),
    /** The SLA the company is served under; the CRM module links its settings (C7). */
    slaRef: nullable(Type.String()),
    notes: nullable(Type.String()),
    ...ownership,
  },
  { $id: 'Company' },
);
export type Company = Static<typeof CompanySchema>;

export const CompanySummarySchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  ico: nullable(Type.String()),
  domains: Type.Array(Type.String()),
});
export type CompanySummary = Static<typeof CompanySummarySchema>;

const companyFields = {
  name: text(200, 1),
  ico: Type.Optional(nullable(text(20))),
  vatId: Type.Optional(nullable(text(20))),
  domains: Type.Optional(Type.Array(text(253), { maxItems: 20 })),
  addresses: Type.Optional(Type.Array(AddressSchema, { maxItems: 20 })),
  /** A short key such as `gold`: lowercase letters, digits and dashes. */
  slaRef: Type.Optional(nullable(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }))),
  notes: Type.Optional(nullable(text(10_000))),
  ownerId: Type.Optional(nullable(UuidSchema)),
  teamId: Type.Optional(nullable(UuidSchema)),
};

export const CreateCompanyBodySchema = Type.Object(companyFields, { additionalProperties: false });
export type CreateCompanyBody = Static<typeof CreateCompanyBodySchema>;

export const PatchCompanyBodySchema = Type.Object(
  { version: Type.Integer({ minimum: 1 }), ...companyFields, name: Type.Optional(companyFields.name) },
  { additionalProperties: false },
);
export type PatchCompanyBody = Static<typeof PatchCompanyBodySchema>;

/** GET /companies: by name, IČO or domain, ignoring case and diacritics. */
export const CompanySearchQuerySchema = Type.Object(
  { q: Type.Optional(text(200)), ...cursorPage },
  { additionalProperties: false },
);
export type CompanySearchQuery = Static<typeof CompanySearchQuerySchema>;

export const CompanyListSchema = Type.Object({ items: Type.Array(CompanySummarySchema), nextCursor: nullable(Type.String()) });
export type CompanyList = Static<typeof CompanyListSchema>;

/** GET /companies/match?domain=: the companies that use this email domain (an unknown sender's company). */
export const CompanyMatchQuerySchema = Type.Object({ domain: text(253, 1) }, { additionalProperties: false });
export const CompanyMatchSchema = Type.Object({ items: Type.Array(CompanySchema) });
export type CompanyMatch = Static<typeof CompanyMatchSchema>;

export const ActivityKindSchema = Type.Union([
  Type.Literal('email'),
  Type.Literal('call'),
  Type.Literal('note'),
  Type.Literal('meeting'),
  Type.Literal('task'),
]);
export type ActivityKind = Static<typeof ActivityKindSchema>;

export const ActivityDirectionSchema = Type.Union([Type.Literal('in'), Type.Literal('out')]);
export type ActivityDirection = Static<typeof ActivityDirectionSchema>;

/** A link to an activity's source: a path of the shell (`/emails/<id>`) or an https URL. */
const LinkSchema = Type.String({ maxLength: 2000, pattern: '^(/[^/\\\\]|https://)[^\\s]*$' });

/** An interaction with a contact (M4, C8). */
export const ActivitySchema = Type.Object(
  {
    id: UuidSchema,
    contactId: UuidSchema,
    kind: ActivityKindSchema,
    /** In from the customer or out to them; null for notes and tasks. */
    direction: nullable(ActivityDirectionSchema),
    occurredAt: TimestampSchema,
    ticketId: nullable(UuidSchema),
    title: Type.String(),
    body: nullable(Type.String()),
    link: nullable(Type.String()),
    /** Listed only to its author, the author's team, admins and services (a private note). */
    private: Type.Boolean(),
    authorId: nullable(Type.String()),
    /** Set by whoever recorded it from elsewhere (`email:<id>:in`): the same key is recorded once. */
    externalKey: nullable(Type.String()),
    createdAt: TimestampSchema,
  },
  { $id: 'Activity' },
);
export type Activity = Static<typeof ActivitySchema>;

/** Whoever records an activity from elsewhere names it so (`macro:<emailId>:<index>`): one activity per key. */
const ActivityKeySchema = Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$' });

/** POST /contacts/:id/activities. */
export const CreateActivityBodySchema = Type.Object(
  {
    kind: ActivityKindSchema,
    direction: Type.Optional(nullable(ActivityDirectionSchema)),
    /** Default: now. */
    occurredAt: Type.Optional(TimestampSchema),
    ticketId: Type.Optional(nullable(UuidSchema)),
    title: text(300, 1),
    body: Type.Optional(nullable(text(10_000))),
    link: Type.Optional(nullable(LinkSchema)),
    private: Type.Optional(Type.Boolean()),
    /** A second create with the same key answers the first activity and records nothing. */
    externalKey: Type.Optional(ActivityKeySchema),
  },
  { additionalProperties: false },
);
export type CreateActivityBody = Static<typeof CreateActivityBodySchema>;

/**
 * POST /activities/batch (E13, decision 0013): activities of many contacts in one call, a
 * service's alone (mail's macros add their notes so). Each item is recorded as
 * `POST /contacts/:id/activities` records it; its `externalKey` is required, so a replayed batch
 * records nothing twice.
 */
export const CreateActivitiesBodySchema = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          contactId: UuidSchema,
          activity: Type.Object(
            { ...CreateActivityBodySchema.properties, externalKey: ActivityKeySchema },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_BATCH_ITEMS },
    ),
  },
  { additionalProperties: false },
);
export type CreateActivitiesBody = Static<typeof CreateActivitiesBodySchema>;

/** How one item of a batch ended: recorded (or recorded before under its key), or why not. */
export const CreatedActivityItemSchema = Type.Union([
  Type.Object({ externalKey: Type.String(), recorded: Type.Literal(true) }),
  Type.Object({ externalKey: Type.String(), error: Type.Object({ status: Type.Integer(), code: Type.String(), message: Type.String() }) }),
]);
export type CreatedActivityItem = Static<typeof CreatedActivityItemSchema>;

export const CreatedActivitiesSchema = Type.Object({ items: Type.Array(CreatedActivityItemSchema) });
export type CreatedActivities = Static<typeof CreatedActivitiesSchema>;

/** GET /contacts/:id/activities: newest first, paged by `cursor`. */
export const ActivityPageQuerySchema = Type.Object(
  { kind: Type.Optional(ActivityKindSchema), ...cursorPage },
  { additionalProperties: false },
);
export type ActivityPageQuery = Static<typeof ActivityPageQuerySchema>;

export const ActivityPageSchema = Type.Object({ items: Type.Array(ActivitySchema), nextCursor: nullable(Type.String()) });
export type ActivityPage = Static<typeof ActivityPageSchema>;

export const CalendarEventKindSchema = Type.Union([Type.Literal('callback'), Type.Literal('meeting'), Type.Literal('follow-up')]);
export type CalendarEventKind = Static<typeof CalendarEventKindSchema>;

/** A scheduled event of one agent (L1). */
export const CalendarEventSchema = Type.Object(
  {
    id: UuidSchema,
    /** The agent whose calendar it is. */
    ownerId: UuidSchema,
    kind: CalendarEventKindSchema,
    title: Type.String(),
    startsAt: TimestampSchema,
    endsAt: TimestampSchema,
    contactId: nullable(UuidSchema),
    ticketId: nullable(UuidSchema),
    notes: nullable(Type.String()),
    cancelled: Type.Boolean(),
    version: Type.Integer({ minimum: 1 }),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  },
  { $id: 'CalendarEvent' },
);
export type CalendarEvent = Static<typeof CalendarEventSchema>;

/** GET /calendar/events: the caller's events overlapping [from, to), at most 400 days, by start. */
export const CalendarRangeQuerySchema = Type.Object(
  { from: TimestampSchema, to: TimestampSchema, includeCancelled: Type.Optional(Type.Boolean({ default: false })) },
  { additionalProperties: false },
);
export type CalendarRangeQuery = Static<typeof CalendarRangeQuerySchema>;

export const CalendarEventListSchema = Type.Object({ items: Type.Array(CalendarEventSchema) });
export type CalendarEventList = Static<typeof CalendarEventListSchema>;

export const CreateCalendarEventBodySchema = Type.Object(
  {
    kind: CalendarEventKindSchema,
    title: text(300, 1),
    startsAt: TimestampSchema,
    endsAt: TimestampSchema,
    contactId: Type.Optional(nullable(UuidSchema)),
    ticketId: Type.Optional(nullable(UuidSchema)),
    notes: Type.Optional(nullable(text(10_000))),
    /** The agent whose calendar it goes into: a service names one (a macro's follow-up); a user may name only themselves. */
    ownerId: Type.Optional(UuidSchema),
    /** A second create with the same key answers the first event and schedules nothing (a macro's `macro:<emailId>:<index>`). */
    externalKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$' })),
  },
  { additionalProperties: false },
);
export type CreateCalendarEventBody = Static<typeof CreateCalendarEventBodySchema>;

/** PATCH /calendar/events/:id: edit or move (new start and end); a stale `version` gets 409. */
export const PatchCalendarEventBodySchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    kind: Type.Optional(CalendarEventKindSchema),
    title: Type.Optional(text(300, 1)),
    startsAt: Type.Optional(TimestampSchema),
    endsAt: Type.Optional(TimestampSchema),
    contactId: Type.Optional(nullable(UuidSchema)),
    ticketId: Type.Optional(nullable(UuidSchema)),
    notes: Type.Optional(nullable(text(10_000))),
  },
  { additionalProperties: false },
);
export type PatchCalendarEventBody = Static<typeof PatchCalendarEventBodySchema>;

export const CrmIdParamsSchema = Type.Object({ id: UuidSchema });

/** Error codes of the CRM service. */
/** The reference of an SLA plan, as a company names it (`gold`). */
export const SlaRefSchema = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });

/** An SLA plan (C7): the targets agents answer a company's customers by. */
export const SlaSchema = Type.Object(
  {
    ref: SlaRefSchema,
    name: Type.Object({ cs: Type.String(), en: Type.String() }),
    /** Longest wait for the first answer, counted in covered hours. */
    firstResponseMinutes: Type.Integer({ minimum: 1 }),
    /** Longest time to a solution, counted in covered hours. */
    resolutionHours: Type.Integer({ minimum: 1 }),
    /** Which hours count: working days 8-17 local time, or around the clock. */
    coverage: Type.Union([Type.Literal('business-hours'), Type.Literal('always')]),
    /** Ways the customer may reach support under the plan. */
    channels: Type.Array(Type.Union([Type.Literal('email'), Type.Literal('phone'), Type.Literal('chat')])),
  },
  { $id: 'Sla' },
);
export type Sla = Static<typeof SlaSchema>;

export const SlaParamsSchema = Type.Object({ ref: SlaRefSchema });

export const CrmErrorCode = {
  contactNotFound: 'CONTACT_NOT_FOUND',
  companyNotFound: 'COMPANY_NOT_FOUND',
  eventNotFound: 'EVENT_NOT_FOUND',
  /** `details: { field, value }` name the offending field, e.g. `emails/1/address`. */
  invalidEmail: 'INVALID_EMAIL',
  invalidPhone: 'INVALID_PHONE',
  /** Not 8 digits, or the check digit does not match. */
  invalidIco: 'INVALID_ICO',
  /** Not a country prefix and the digits and letters the EU shapes allow (CZ: 8 to 10 digits). */
  invalidVatId: 'INVALID_VAT_ID',
  invalidDomain: 'INVALID_DOMAIN',
  /** Two entries of one list are the same address or number. */
  duplicateEmail: 'DUPLICATE_EMAIL',
  duplicatePhone: 'DUPLICATE_PHONE',
  /** More than one entry of a list is marked primary. */
  severalPrimary: 'SEVERAL_PRIMARY',
  /** GET /contacts/match needs exactly one of `email` and `phone`. */
  matchKeyRequired: 'MATCH_KEY_REQUIRED',
  /** A cursor this service did not hand out (or from another query). */
  invalidCursor: 'INVALID_CURSOR',
  /** `teamId` names a team the caller is not in. */
  teamForbidden: 'TEAM_FORBIDDEN',
  /** The caller is neither the owner nor in the record's team nor an admin. */
  recordForbidden: 'RECORD_FORBIDDEN',
  /** PATCH named an older version; `details.current` holds the server copy (as drafts do). */
  versionConflict: 'CRM_VERSION_CONFLICT',
  /** The end is not after the start, or a range is longer than 400 days. */
  invalidTimeRange: 'INVALID_TIME_RANGE',
  /** The event was cancelled; it can no longer be moved or edited. */
  eventCancelled: 'EVENT_CANCELLED',
  /** Calendars belong to users; the caller's token is not a user's. */
  userRequired: 'USER_REQUIRED',
  /** A route only services may call (mail recording its macros' notes). */
  serviceRequired: 'SERVICE_REQUIRED',
  /** No SLA plan with this reference. */
  slaNotFound: 'SLA_NOT_FOUND',
} as const;

const E = CrmErrorCode;
const contactInputErrors = [
  E.invalidEmail, E.invalidPhone, E.duplicateEmail, E.duplicatePhone, E.severalPrimary, E.companyNotFound, E.teamForbidden,
] as const;
const companyInputErrors = [E.invalidIco, E.invalidVatId, E.invalidDomain, E.teamForbidden] as const;
const contactTags = ['contacts'];
const companyTags = ['companies'];
const activityTags = ['activities'];
const calendarTags = ['calendar'];
const slaTags = ['slas'];

/** The CRM service's routes, each defined once for the service and its clients. */
export const crmApi = {
  /** Search contacts (C4 pair another, the CRM module's list). */
  searchContacts: defineRoute({
    method: 'GET', path: '/contacts', summary: 'Search contacts by name, email, phone or company', tags: contactTags,
    query: ContactSearchQuerySchema, response: ContactListSchema, errors: [E.invalidCursor],
  }),
  /** C6, C9: every contact with this address or number. */
  matchContacts: defineRoute({
    method: 'GET', path: '/contacts/match', summary: 'Contacts with this email address or phone number', tags: contactTags,
    query: ContactMatchQuerySchema, response: ContactMatchSchema, errors: [E.matchKeyRequired, E.invalidPhone],
  }),
  getContact: defineRoute({
    method: 'GET', path: '/contacts/:id', summary: 'Read a contact', tags: contactTags,
    params: CrmIdParamsSchema, response: ContactSchema, errors: [E.contactNotFound],
  }),
  createContact: defineRoute({
    method: 'POST', path: '/contacts', summary: 'Create a contact', tags: contactTags,
    body: CreateContactBodySchema, status: 201, response: ContactSchema, errors: contactInputErrors,
  }),
  /** C3: a stale version gets 409 with the current record. */
  updateContact: defineRoute({
    method: 'PATCH', path: '/contacts/:id', summary: 'Change a contact', tags: contactTags,
    params: CrmIdParamsSchema, body: PatchContactBodySchema, response: ContactSchema,
    errors: [E.contactNotFound, E.recordForbidden, E.versionConflict, ...contactInputErrors],
  }),
  /** C8: newest first. */
  listActivities: defineRoute({
    method: 'GET', path: '/contacts/:id/activities', summary: "A contact's activities, newest first", tags: activityTags,
    params: CrmIdParamsSchema, query: ActivityPageQuerySchema, response: ActivityPageSchema,
    errors: [E.contactNotFound, E.invalidCursor],
  }),
  createActivity: defineRoute({
    method: 'POST', path: '/contacts/:id/activities', summary: 'Record an activity of a contact', tags: activityTags,
    params: CrmIdParamsSchema, body: CreateActivityBodySchema, status: 201, response: ActivitySchema,
    errors: [E.contactNotFound],
  }),
  /** E13: mail's macro notes of many sends in one call (service only); each item is recorded or refused alone. */
  createActivities: defineRoute({
    method: 'POST', path: '/activities/batch', summary: 'Record activities of many contacts, each once per key (service only)', tags: activityTags,
    body: CreateActivitiesBodySchema, response: CreatedActivitiesSchema, errors: [E.serviceRequired],
  }),
  searchCompanies: defineRoute({
    method: 'GET', path: '/companies', summary: 'Search companies by name, IČO or domain', tags: companyTags,
    query: CompanySearchQuerySchema, response: CompanyListSchema, errors: [E.invalidCursor],
  }),
  matchCompanies: defineRoute({
    method: 'GET', path: '/companies/match', summary: 'Companies using this email domain', tags: companyTags,
    query: CompanyMatchQuerySchema, response: CompanyMatchSchema, errors: [],
  }),
  getCompany: defineRoute({
    method: 'GET', path: '/companies/:id', summary: 'Read a company', tags: companyTags,
    params: CrmIdParamsSchema, response: CompanySchema, errors: [E.companyNotFound],
  }),
  createCompany: defineRoute({
    method: 'POST', path: '/companies', summary: 'Create a company', tags: companyTags,
    body: CreateCompanyBodySchema, status: 201, response: CompanySchema, errors: companyInputErrors,
  }),
  updateCompany: defineRoute({
    method: 'PATCH', path: '/companies/:id', summary: 'Change a company', tags: companyTags,
    params: CrmIdParamsSchema, body: PatchCompanyBodySchema, response: CompanySchema,
    errors: [E.companyNotFound, E.recordForbidden, E.versionConflict, ...companyInputErrors],
  }),
  /** L1: the caller's month (or any range). */
  listEvents: defineRoute({
    method: 'GET', path: '/calendar/events', summary: "The caller's calendar events in a time range", tags: calendarTags,
    query: CalendarRangeQuerySchema, response: CalendarEventListSchema, errors: [E.invalidTimeRange, E.userRequired],
  }),
  createEvent: defineRoute({
    method: 'POST', path: '/calendar/events', summary: 'Schedule an event in the caller\'s calendar', tags: calendarTags,
    body: CreateCalendarEventBodySchema, status: 201, response: CalendarEventSchema,
    errors: [E.invalidTimeRange, E.userRequired, E.contactNotFound, CommonErrorCode.conflict],
  }),
  getEvent: defineRoute({
    method: 'GET', path: '/calendar/events/:id', summary: 'Read a calendar event', tags: calendarTags,
    params: CrmIdParamsSchema, response: CalendarEventSchema, errors: [E.eventNotFound],
  }),
  /** Edit or move. */
  updateEvent: defineRoute({
    method: 'PATCH', path: '/calendar/events/:id', summary: 'Edit or move a calendar event', tags: calendarTags,
    params: CrmIdParamsSchema, body: PatchCalendarEventBodySchema, response: CalendarEventSchema,
    errors: [E.eventNotFound, E.versionConflict, E.invalidTimeRange, E.eventCancelled, E.contactNotFound],
  }),
  /** Cancelling keeps the event (shown struck through); a second cancel changes nothing. */
  cancelEvent: defineRoute({
    method: 'POST', path: '/calendar/events/:id/cancel', summary: 'Cancel a calendar event', tags: calendarTags,
    params: CrmIdParamsSchema, response: CalendarEventSchema, errors: [E.eventNotFound],
  }),
  /** C7: the SLA plan a company's `slaRef` names. */
  getSla: defineRoute({
    method: 'GET', path: '/slas/:ref', summary: "An SLA plan's targets", tags: slaTags,
    params: SlaParamsSchema, response: SlaSchema, errors: [E.slaNotFound],
  }),
} as const;
