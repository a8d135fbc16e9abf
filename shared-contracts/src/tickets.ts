import { Type, type Static } from '@sinclair/typebox';
import { MAX_BATCH_ITEMS, PageQuerySchema, TimestampSchema, UUID_PATTERN, UuidSchema } from './common';
import { defineRoute } from './route';

export const TicketStatusSchema = Type.Union([
  Type.Literal('open'),
  Type.Literal('pending'),
  Type.Literal('closed'),
]);
export type TicketStatus = Static<typeof TicketStatusSchema>;

export const TicketPrioritySchema = Type.Union([
  Type.Literal('low'),
  Type.Literal('normal'),
  Type.Literal('high'),
  Type.Literal('urgent'),
]);
export type TicketPriority = Static<typeof TicketPrioritySchema>;

/** A ticket as the API returns it. */
export const TicketSchema = Type.Object(
  {
    id: UuidSchema,
    /** Human-facing number, shown as #1234 and put in email subjects. */
    number: Type.Integer({ minimum: 1 }),
    title: Type.String(),
    status: TicketStatusSchema,
    priority: TicketPrioritySchema,
    queueId: Type.Union([UuidSchema, Type.Null()]),
    contactId: Type.Union([UuidSchema, Type.Null()]),
    companyId: Type.Union([UuidSchema, Type.Null()]),
    /** Display name of the contact, copied from the CRM when the ticket was paired. */
    contactName: Type.Union([Type.String(), Type.Null()]),
    /** Display name of the company, copied from the CRM when the ticket was paired. */
    companyName: Type.Union([Type.String(), Type.Null()]),
    assigneeId: Type.Union([UuidSchema, Type.Null()]),
    /** The team the ticket is assigned to (a macro's `assignTeam`, E13); null for none. */
    teamId: Type.Optional(Type.Union([UuidSchema, Type.Null()])),
    /** Whether the requesting user marked it as a favourite. */
    favourite: Type.Boolean(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  },
  { $id: 'Ticket' },
);
export type Ticket = Static<typeof TicketSchema>;

/**
 * Where a page of `GET /tickets` ends, to ask for the page after it (`cursor`, as CRM's lists name it): opaque to clients,
 * who pass back the `nextCursor` they were given. It grants nothing: the filter and who may see
 * still decide every row.
 */
export const TicketCursorSchema = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' });

// Composite (one flat object), not Intersect: with `additionalProperties: false` on one part of
// an allOf, Ajv refuses the other part's properties (limit, offset) as unknown.
/** GET /tickets: search and combinable filters (K2, K3). */
export const TicketSearchQuerySchema = Type.Composite(
  [
    PageQuerySchema,
    Type.Object({
      /** Ticket number (`1234` or `#1234`) or words of the title. */
      q: Type.Optional(Type.String({ maxLength: 200 })),
      /** Only the requesting user's favourites. */
      favourites: Type.Optional(Type.Boolean()),
      /** Only tickets assigned to the requesting user. */
      mine: Type.Optional(Type.Boolean()),
      /** Only this contact's tickets. */
      contactId: Type.Optional(UuidSchema),
      /** Only this company's tickets. */
      companyId: Type.Optional(UuidSchema),
      status: Type.Optional(TicketStatusSchema),
      /**
       * The page after this cursor (a list's `nextCursor`), instead of `offset`: keyset paging,
       * as fast on the thousandth page as on the first and not limited to 10,000 rows.
       */
      cursor: Type.Optional(TicketCursorSchema),
    }),
  ],
  { additionalProperties: false },
);
export type TicketSearchQuery = Static<typeof TicketSearchQuerySchema>;

export const TicketListSchema = Type.Object({
  items: Type.Array(TicketSchema),
  /**
   * Matches in all (docs/decisions/0019-ticket-search-totals.md): exact, unless one of the two
   * flags below says otherwise. Lists without words or favourites count exactly at any size.
   */
  total: Type.Integer(),
  /** True when more matches exist than `total` says: counting stopped at 10,000 (shown "10,000+"). */
  totalCapped: Type.Optional(Type.Boolean()),
  /**
   * True when `total` is an estimate from the newest tickets (a word search in a large table,
   * shown "about 4,000"); never set together with `totalCapped`.
   */
  totalIsEstimate: Type.Optional(Type.Boolean()),
  /**
   * The cursor of the page after this one (pass it as `cursor`); null when there is none. A full
   * page always gives one, so the page after it may be empty.
   */
  nextCursor: Type.Optional(Type.Union([TicketCursorSchema, Type.Null()])),
});
export type TicketList = Static<typeof TicketListSchema>;

/** POST /tickets (K4). */
export const CreateTicketBodySchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    priority: Type.Optional(TicketPrioritySchema),
    queueId: Type.Optional(UuidSchema),
    contactId: Type.Optional(UuidSchema),
    companyId: Type.Optional(UuidSchema),
    contactName: Type.Optional(Type.String({ maxLength: 200 })),
    companyName: Type.Optional(Type.String({ maxLength: 200 })),
    /** Assign to the requesting user (default true). */
    assignToMe: Type.Optional(Type.Boolean()),
    /** Assign to this agent; only a service may. */
    assigneeId: Type.Optional(UuidSchema),
    /**
     * The new ticket's id, chosen by a service so that creating is safe to repeat: a create with the
     * id of an existing ticket answers that ticket and creates none (a retry after an answer lost
     * with a dying replica). Only a service may choose it.
     */
    id: Type.Optional(UuidSchema),
  },
  { additionalProperties: false },
);
export type CreateTicketBody = Static<typeof CreateTicketBodySchema>;

export const TicketIdParamsSchema = Type.Object({ id: UuidSchema });

/**
 * PATCH /tickets/:id: status and priority by whoever sees the ticket; the assignee (oneself or
 * nobody; anyone else only by a service) and the queue (one the caller belongs to; any for a
 * service). With a `key` (a macro action's `emailId:index`, E13) the change is applied once per
 * ticket and key: a repeat answers the ticket as it is and changes nothing.
 */
export const UpdateTicketBodySchema = Type.Object(
  {
    status: Type.Optional(TicketStatusSchema),
    priority: Type.Optional(TicketPrioritySchema),
    assigneeId: Type.Optional(Type.Union([UuidSchema, Type.Null()])),
    queueId: Type.Optional(UuidSchema),
    /** A service may set any team, an agent only one of their own (or null). */
    teamId: Type.Optional(Type.Union([UuidSchema, Type.Null()])),
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type UpdateTicketBody = Static<typeof UpdateTicketBodySchema>;

/** A tag as tickets stores it: trimmed, inner spaces single, lowercase (`VIP  customer` is `vip customer`). */
export function normalizeTag(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A tag as typed: 1 to 50 characters, one of them not a space. */
export const TagSchema = Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' });

/** A ticket's tags, sorted (E13: macros add and remove them). */
export const TicketTagsSchema = Type.Object({ ticketId: UuidSchema, tags: Type.Array(Type.String()) });
export type TicketTags = Static<typeof TicketTagsSchema>;

/**
 * PATCH /tickets/:id/tags: tags to add and to remove (normalized with `normalizeTag`). With a
 * `key` (a macro action's `emailId:index`), the change is applied once per ticket and key: a
 * repeat answers the tags as they are and changes nothing.
 */
export const ChangeTagsBodySchema = Type.Object(
  {
    add: Type.Optional(Type.Array(TagSchema, { maxItems: 20 })),
    remove: Type.Optional(Type.Array(TagSchema, { maxItems: 20 })),
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ChangeTagsBody = Static<typeof ChangeTagsBodySchema>;

/** One keyed change of POST /tickets/:id/changes: fields as PATCH /tickets/:id takes them, and tags. */
export const KeyedTicketChangeSchema = Type.Object(
  {
    /** A macro action's `emailId:index`: the change is applied once per ticket and key. */
    key: Type.String({ minLength: 1, maxLength: 200 }),
    status: Type.Optional(TicketStatusSchema),
    priority: Type.Optional(TicketPrioritySchema),
    assigneeId: Type.Optional(Type.Union([UuidSchema, Type.Null()])),
    queueId: Type.Optional(UuidSchema),
    teamId: Type.Optional(Type.Union([UuidSchema, Type.Null()])),
    addTags: Type.Optional(Type.Array(TagSchema, { maxItems: 20 })),
    removeTags: Type.Optional(Type.Array(TagSchema, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type KeyedTicketChange = Static<typeof KeyedTicketChangeSchema>;

/**
 * POST /tickets/:id/changes (E13): consecutive ticket actions of one macro, applied in their order
 * in one transaction, each under its own key (a key applied before is skipped), so a macro's run
 * makes one call to tickets where it made one per action.
 */
export const ApplyTicketChangesBodySchema = Type.Object(
  { changes: Type.Array(KeyedTicketChangeSchema, { minItems: 1, maxItems: 20 }) },
  { additionalProperties: false },
);
export type ApplyTicketChangesBody = Static<typeof ApplyTicketChangesBodySchema>;

/** The ticket and its tags after a batch of changes. */
export const AppliedTicketChangesSchema = Type.Object({ ticket: TicketSchema, tags: Type.Array(Type.String()) });
export type AppliedTicketChanges = Static<typeof AppliedTicketChangesSchema>;

/**
 * POST /tickets/changes (E13, decision 0013): the ticket changes of many sends' macros in one call,
 * a service's alone. Each item is applied as `POST /tickets/:id/changes` applies its changes (in
 * order, each once per key, the item whole or refused alone); an item with no changes reads the
 * ticket. Items of one ticket are applied in their order.
 */
export const ApplyTicketChangesBatchBodySchema = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { ticketId: UuidSchema, changes: Type.Array(KeyedTicketChangeSchema, { maxItems: 20 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_BATCH_ITEMS },
    ),
  },
  { additionalProperties: false },
);
export type ApplyTicketChangesBatchBody = Static<typeof ApplyTicketChangesBatchBodySchema>;

/**
 * How one item of a batch ended: applied, with the ticket's contact after it (what a macro's runner
 * reads: a note goes on that contact), or why it was refused (nothing of it applied). A batch
 * answers no whole tickets: its caller is a service that knows the changes it asked for, and a
 * macro's batch of 200 would carry 200 tickets it never reads.
 */
export const AppliedTicketChangesItemSchema = Type.Union([
  Type.Object({ ticketId: UuidSchema, contactId: Type.Union([UuidSchema, Type.Null()]) }),
  Type.Object({ ticketId: UuidSchema, error: Type.Object({ status: Type.Integer(), code: Type.String(), message: Type.String() }) }),
]);
export type AppliedTicketChangesItem = Static<typeof AppliedTicketChangesItemSchema>;

/** The items of a batch in their order. */
export const AppliedTicketChangesBatchSchema = Type.Object({ items: Type.Array(AppliedTicketChangesItemSchema) });
export type AppliedTicketChangesBatch = Static<typeof AppliedTicketChangesBatchSchema>;

/**
 * PUT /tickets/:id/contact: pair the ticket with a CRM contact (C4, C9), copying the names
 * (decision 0002), or unpair it with `{ contactId: null }` (the company goes with it).
 */
export const PairedContactSchema = Type.Object(
  {
    contactId: UuidSchema,
    contactName: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    companyId: Type.Optional(Type.Union([UuidSchema, Type.Null()])),
    companyName: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type PairedContact = Static<typeof PairedContactSchema>;
export const PairContactBodySchema = Type.Union([PairedContactSchema, Type.Object({ contactId: Type.Null() }, { additionalProperties: false })]);
export type PairContactBody = Static<typeof PairContactBodySchema>;

export const EmailIdParamsSchema = Type.Object({ emailId: UuidSchema });

/** PUT /emails/:emailId/ticket: assign the email to a ticket (K1). */
export const LinkEmailBodySchema = Type.Object(
  { ticketId: UuidSchema },
  { additionalProperties: false },
);
export type LinkEmailBody = Static<typeof LinkEmailBodySchema>;

/** The ticket an email belongs to (M1). */
export const EmailTicketSchema = Type.Object({
  emailId: UuidSchema,
  ticket: TicketSchema,
  linkedAt: TimestampSchema,
  /** Who made the link: a user id, or `service:<name>` (mail links what it sends and receives). */
  linkedBy: Type.String(),
});
export type EmailTicket = Static<typeof EmailTicketSchema>;

/**
 * Whether two makers of a link (`linkedBy`: a token subject) are the same: user ids (UUIDs) in any
 * case, as token subjects may write them; anything else (`service:<name>`) exactly.
 */
export function sameLinkMaker(a: string, b: string): boolean {
  return a === b || (UUID_PATTERN.test(a) && a.toLowerCase() === b.toLowerCase());
}

/** GET /emails: the requesting agent's most recently linked emails, for the home page. */
export const RecentEmailsQuerySchema = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })) },
  { additionalProperties: false },
);
export const RecentEmailsSchema = Type.Object({ items: Type.Array(EmailTicketSchema) });
export type RecentEmails = Static<typeof RecentEmailsSchema>;

/** POST /emails/:emailId/read: whether the email is still unread (it stays so for all but the assignee). */
export const EmailReadSchema = Type.Object({ unread: Type.Boolean() });
export type EmailRead = Static<typeof EmailReadSchema>;

/**
 * POST /emails/:emailId/inbound (service `mail` only): files a received email into its ticket
 * (M1): the one named, else the one with `ticketNumber` in `queueId`, else a new one there.
 */
export const ThreadInboundEmailBodySchema = Type.Object(
  {
    /** The ticket the email replies to, found by mail through In-Reply-To/References. */
    ticketId: Type.Optional(UuidSchema),
    /** The `[#number]` tag of the subject; matches only a ticket of `queueId`. */
    ticketNumber: Type.Optional(Type.Integer({ minimum: 1 })),
    /** The queue the email arrived in; a new ticket is filed there. */
    queueId: Type.Union([UuidSchema, Type.Null()]),
    /** Title of a new ticket: the subject without reply prefixes and tag. */
    title: Type.String({ minLength: 1, maxLength: 300 }),
    /** Reopen the ticket when it is closed (the queue's setting; never for auto-replies). */
    reopen: Type.Boolean(),
    /** File a new ticket when none matches; false answers TICKET_NOT_FOUND instead. */
    create: Type.Boolean(),
    /** The sender's only CRM contact (C6, C9): a new ticket is paired with it. */
    contact: Type.Optional(PairedContactSchema),
  },
  { additionalProperties: false },
);
export type ThreadInboundEmailBody = Static<typeof ThreadInboundEmailBodySchema>;

/** What POST /emails/:emailId/inbound did; a repeated call answers the first link, changing nothing. */
export const InboundEmailTicketSchema = Type.Object({
  link: EmailTicketSchema,
  /** A new ticket was filed for the email. */
  created: Type.Boolean(),
  /** The ticket was closed and is open again. */
  reopened: Type.Boolean(),
});
export type InboundEmailTicket = Static<typeof InboundEmailTicketSchema>;

/**
 * POST /emails/inbound/batch (service `mail` only, issue 13): received emails filed in order in
 * one transaction, each as POST /emails/:emailId/inbound files one; `ticketOfEmailId` names an
 * email filed before (earlier in the batch too) whose ticket this one replies to.
 */
export const InboundFilingSchema = Type.Object(
  {
    emailId: UuidSchema,
    ticketOfEmailId: Type.Optional(UuidSchema),
    ...ThreadInboundEmailBodySchema.properties,
  },
  { additionalProperties: false },
);
export type InboundFiling = Static<typeof InboundFilingSchema>;
export const FileInboundEmailsBodySchema = Type.Object(
  { items: Type.Array(InboundFilingSchema, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);
export type FileInboundEmailsBody = Static<typeof FileInboundEmailsBodySchema>;

/** Where one email of a batch was filed; `ticket` null when nothing matched and `create` was off. */
export const FiledInboundEmailSchema = Type.Object({
  emailId: UuidSchema,
  ticket: Type.Union([
    Type.Object({ id: UuidSchema, number: Type.Integer({ minimum: 1 }), title: Type.String(), contactId: Type.Union([UuidSchema, Type.Null()]) }),
    Type.Null(),
  ]),
  created: Type.Boolean(),
  reopened: Type.Boolean(),
});
export type FiledInboundEmail = Static<typeof FiledInboundEmailSchema>;
/** The batch's outcomes, in its order; a repeated email answers its first ticket, changing nothing. */
export const FiledInboundEmailsSchema = Type.Object({ items: Type.Array(FiledInboundEmailSchema) });
export type FiledInboundEmails = Static<typeof FiledInboundEmailsSchema>;

/**
 * PUT /emails/:emailId/outbound (service `mail` only, M1, issue 17): the ticket an email being
 * sent goes out in, decided and written in one transaction with the email's filing locked: an
 * existing link made by one of `keepLinksBy` stays; else the email is linked to `ticketId` when
 * that ticket exists; else to the ticket `create.id`, created first unless it exists (a repeat
 * answers it, creating nothing). Safe to repeat: a repeat finds the link the first call made.
 */
export const FileOutboundEmailBodySchema = Type.Object(
  {
    /**
     * Who may have linked the email so that the link stays: user ids or `service:<name>`, compared
     * with `sameLinkMaker` (mail: the draft's author and mail itself, decision 0009). A link made
     * by anyone else is replaced.
     */
    keepLinksBy: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 10 }),
    /** The ticket mail noted for the email (a new draft from a ticket); skipped when it does not exist. */
    ticketId: Type.Optional(UuidSchema),
    /** The new ticket when neither applies: open, in the queue, for the contact, assigned to the agent. */
    create: Type.Object(
      {
        /** Chosen by the caller (mail derives it from the email's id), so a repeat finds it instead of making a second. */
        id: UuidSchema,
        title: CreateTicketBodySchema.properties.title,
        queueId: Type.Optional(UuidSchema),
        contactId: Type.Optional(UuidSchema),
        assigneeId: UuidSchema,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type FileOutboundEmailBody = Static<typeof FileOutboundEmailBodySchema>;

/** What PUT /emails/:emailId/outbound did: the email's link, and whether this call created its ticket. */
export const OutboundEmailTicketSchema = Type.Object({
  link: EmailTicketSchema,
  /** This call created the ticket (a repeat, or a ticket that existed, answers false). */
  created: Type.Boolean(),
});
export type OutboundEmailTicket = Static<typeof OutboundEmailTicketSchema>;

/** Error codes of the tickets service. */
export const TicketsErrorCode = {
  ticketNotFound: 'TICKET_NOT_FOUND',
  emailNotLinked: 'EMAIL_NOT_LINKED',
  emailLinkedElsewhere: 'EMAIL_LINKED_TO_OTHER_TICKET',
  /** PUT /emails/:emailId/ticket: the email is linked to a ticket the caller may not see, so they may not move it. */
  emailLinkForbidden: 'EMAIL_LINK_FORBIDDEN',
  /** POST /tickets named a queue the caller is not a member of. */
  queueForbidden: 'QUEUE_FORBIDDEN',
  /** Favourites belong to users; the caller's token is not a user's (e.g. a service token). */
  userRequired: 'USER_REQUIRED',
  /** A route only services may call (e.g. mail filing a received email). */
  serviceRequired: 'SERVICE_REQUIRED',
  /** A ticket would have more than 50 tags. */
  tooManyTags: 'TOO_MANY_TAGS',
  /** GET /tickets: `cursor` is not one this service gave (malformed or edited). */
  invalidCursor: 'INVALID_CURSOR',
  /** GET /tickets: `cursor` together with a non-zero `offset`; a cursor page has no offset. */
  cursorWithOffset: 'CURSOR_WITH_OFFSET',
} as const;

const tags = ['tickets'];
const emailTags = ['emails'];

/** The tickets service's routes, each defined once for the service and its clients. */
export const ticketsApi = {
  /** K2 + K3: one page of matches, newest activity first. */
  searchTickets: defineRoute({
    method: 'GET', path: '/tickets', summary: 'Search tickets with combinable filters', tags,
    query: TicketSearchQuerySchema, response: TicketListSchema,
    errors: [TicketsErrorCode.invalidCursor, TicketsErrorCode.cursorWithOffset],
  }),
  /** K4: a new open ticket. */
  createTicket: defineRoute({
    method: 'POST', path: '/tickets', summary: 'Create a ticket', tags,
    body: CreateTicketBodySchema, status: 201, response: TicketSchema,
    errors: [TicketsErrorCode.queueForbidden],
  }),
  getTicket: defineRoute({
    method: 'GET', path: '/tickets/:id', summary: 'Read a ticket', tags,
    params: TicketIdParamsSchema, response: TicketSchema, errors: [TicketsErrorCode.ticketNotFound],
  }),
  addFavourite: defineRoute({
    method: 'PUT', path: '/tickets/:id/favourite', summary: "Mark a ticket as one of the caller's favourites", tags,
    params: TicketIdParamsSchema, status: 204, response: null,
    errors: [TicketsErrorCode.ticketNotFound, TicketsErrorCode.userRequired],
  }),
  removeFavourite: defineRoute({
    method: 'DELETE', path: '/tickets/:id/favourite', summary: "Unmark a favourite", tags,
    params: TicketIdParamsSchema, status: 204, response: null,
    errors: [TicketsErrorCode.ticketNotFound, TicketsErrorCode.userRequired],
  }),
  /** C4, C9: pair the ticket with another contact, or unpair it. */
  pairContact: defineRoute({
    method: 'PUT', path: '/tickets/:id/contact', summary: "Pair a ticket with a contact (or unpair it)", tags,
    params: TicketIdParamsSchema, body: PairContactBodySchema, response: TicketSchema,
    errors: [TicketsErrorCode.ticketNotFound],
  }),
  /** Status, priority, assignee, queue (E13: a macro's actions, once per `key`). */
  updateTicket: defineRoute({
    method: 'PATCH', path: '/tickets/:id', summary: "Change a ticket's status, priority, assignee or queue", tags,
    params: TicketIdParamsSchema, body: UpdateTicketBodySchema, response: TicketSchema,
    errors: [TicketsErrorCode.ticketNotFound, TicketsErrorCode.queueForbidden],
  }),
  getTags: defineRoute({
    method: 'GET', path: '/tickets/:id/tags', summary: "A ticket's tags", tags,
    params: TicketIdParamsSchema, response: TicketTagsSchema, errors: [TicketsErrorCode.ticketNotFound],
  }),
  /** E13: add and remove tags, once per `key`. */
  changeTags: defineRoute({
    method: 'PATCH', path: '/tickets/:id/tags', summary: "Add and remove a ticket's tags", tags,
    params: TicketIdParamsSchema, body: ChangeTagsBodySchema, response: TicketTagsSchema,
    errors: [TicketsErrorCode.ticketNotFound, TicketsErrorCode.tooManyTags],
  }),
  /** E13: a macro's consecutive ticket actions in one call, each once per key. */
  applyTicketChanges: defineRoute({
    method: 'POST', path: '/tickets/:id/changes', summary: "Apply keyed changes of a ticket's fields and tags in order, each once", tags,
    params: TicketIdParamsSchema, body: ApplyTicketChangesBodySchema, response: AppliedTicketChangesSchema,
    errors: [TicketsErrorCode.ticketNotFound, TicketsErrorCode.queueForbidden, TicketsErrorCode.tooManyTags],
  }),
  /** E13: the ticket changes of many sends' macros in one call (service only); each item succeeds or is refused alone. */
  applyTicketChangesBatch: defineRoute({
    method: 'POST', path: '/tickets/changes', summary: 'Apply keyed changes of many tickets, each ticket\'s in order, each once (service only)', tags,
    body: ApplyTicketChangesBatchBodySchema, response: AppliedTicketChangesBatchSchema,
    errors: [TicketsErrorCode.serviceRequired],
  }),
  /** K1: assign an email to a ticket. */
  linkEmail: defineRoute({
    method: 'PUT', path: '/emails/:emailId/ticket', summary: 'Assign an email to a ticket', tags: emailTags,
    params: EmailIdParamsSchema, body: LinkEmailBodySchema, response: EmailTicketSchema,
    errors: [TicketsErrorCode.ticketNotFound, TicketsErrorCode.emailNotLinked, TicketsErrorCode.emailLinkForbidden],
  }),
  getEmailTicket: defineRoute({
    method: 'GET', path: '/emails/:emailId/ticket', summary: 'The ticket an email belongs to', tags: emailTags,
    params: EmailIdParamsSchema, response: EmailTicketSchema, errors: [TicketsErrorCode.emailNotLinked],
  }),
  recentEmails: defineRoute({
    method: 'GET', path: '/emails', summary: "The caller's most recently linked emails", tags: emailTags,
    query: RecentEmailsQuerySchema, response: RecentEmailsSchema, errors: [],
  }),
  /** Issue 13: the received emails not yet opened by the assignee of their ticket, for the home page. */
  unreadEmails: defineRoute({
    method: 'GET', path: '/emails/unread', summary: "Unread received emails of the caller's tickets", tags: emailTags,
    query: RecentEmailsQuerySchema, response: RecentEmailsSchema, errors: [],
  }),
  /** Issue 13: the assignee opened the email; anyone else opening it changes nothing. */
  markEmailRead: defineRoute({
    method: 'POST', path: '/emails/:emailId/read', summary: 'The caller opened a received email', tags: emailTags,
    params: EmailIdParamsSchema, response: EmailReadSchema, errors: [TicketsErrorCode.emailNotLinked],
  }),
  /** M1: mail files a received email into its ticket, reopening or filing one as needed. */
  threadInboundEmail: defineRoute({
    method: 'POST', path: '/emails/:emailId/inbound', summary: 'File a received email into its ticket (service only)', tags: emailTags,
    params: EmailIdParamsSchema, body: ThreadInboundEmailBodySchema, response: InboundEmailTicketSchema,
    errors: [TicketsErrorCode.ticketNotFound, TicketsErrorCode.serviceRequired],
  }),
  /** M1, issue 17: mail files an email it sends into its ticket (keep, relink or create and link) in one call. */
  fileOutboundEmail: defineRoute({
    method: 'PUT', path: '/emails/:emailId/outbound', summary: 'File an email being sent into its ticket, creating it if need be (service only)', tags: emailTags,
    params: EmailIdParamsSchema, body: FileOutboundEmailBodySchema, response: OutboundEmailTicketSchema,
    errors: [TicketsErrorCode.serviceRequired],
  }),
  /** Issue 13: mail files received emails in batches, in order, in one transaction. */
  fileInboundEmails: defineRoute({
    method: 'POST', path: '/emails/inbound/batch', summary: 'File received emails into their tickets, in order (service only)', tags: emailTags,
    body: FileInboundEmailsBodySchema, response: FiledInboundEmailsSchema,
    errors: [TicketsErrorCode.serviceRequired],
  }),
} as const;
