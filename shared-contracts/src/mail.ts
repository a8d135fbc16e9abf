import { Type, type Static } from '@sinclair/typebox';
import { TimestampSchema, UuidSchema } from './common';
import { MacroListSchema } from './templates';
import { defineRoute } from './route';
import { TicketsErrorCode } from './tickets';

/** Largest total of attachments plus inline images per email (E11): 20 MiB, inclusive. */
export const MAX_EMAIL_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * Text that ends up in a mail header (subject, display name, address). CR and LF are refused
 * by the pattern, so no header can be injected; the server never folds or strips them.
 */
const headerText = (maxLength: number) => Type.String({ maxLength, pattern: '^[^\\r\\n]*$' });

/** One mailbox: `address` is checked as an email; `name` is the optional display name. */
export const MailAddressSchema = Type.Object(
  {
    address: Type.String({ format: 'email', maxLength: 254, pattern: '^[^\\r\\n]*$' }),
    name: Type.Optional(headerText(200)),
  },
  { additionalProperties: false },
);
export type MailAddress = Static<typeof MailAddressSchema>;

const RecipientListSchema = Type.Array(MailAddressSchema, { maxItems: 100 });

/**
 * Life of an email: drafts are edited; queued/sending/sent/failed are outbound sends (a queued
 * send waits out its undo window first, E14); scheduled waits for its time (E15); received is inbound.
 */
export const EmailStatusSchema = Type.Union([
  Type.Literal('draft'),
  Type.Literal('scheduled'),
  Type.Literal('queued'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('received'),
]);
export type EmailStatus = Static<typeof EmailStatusSchema>;

/** An email queue the caller may send through (M2, E2). SMTP settings never leave the service. */
export const MailQueueSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  fromAddress: Type.String(),
});
export type MailQueue = Static<typeof MailQueueSchema>;
export const MailQueueListSchema = Type.Object({ items: Type.Array(MailQueueSchema) });
export type MailQueueList = Static<typeof MailQueueListSchema>;

/** A queue named in a path (the admin's mailbox routes). */
export const MailQueueParamsSchema = Type.Object({ queueId: UuidSchema });

/**
 * Issue 13: the IMAP mailbox a queue polls, as an admin sees it: whether one is set, its host
 * and folder; never the URL or its credentials.
 */
export const QueueMailboxSchema = Type.Object({
  configured: Type.Boolean(),
  host: Type.Union([Type.String(), Type.Null()]),
  folder: Type.String(),
});
export type QueueMailbox = Static<typeof QueueMailboxSchema>;

/** Issue 13: every queue with its mailbox, for the admins' Inbound mail page (every queue, member or not). */
export const QueueMailboxListSchema = Type.Object({
  items: Type.Array(Type.Object({ queue: MailQueueSchema, mailbox: QueueMailboxSchema })),
});
export type QueueMailboxList = Static<typeof QueueMailboxListSchema>;

/** PUT /queues/:queueId/mailbox: `imap(s)://user:password@host[:port]` (user and password URL-encoded) and the folder (default INBOX). */
export const PutQueueMailboxBodySchema = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    folder: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
  },
  { additionalProperties: false },
);
export type PutQueueMailboxBody = Static<typeof PutQueueMailboxBodySchema>;

/** A stored file of an email. Bytes are fetched from `/emails/:id/attachments/:attachmentId/content`. */
export const AttachmentSchema = Type.Object({
  id: UuidSchema,
  fileName: Type.String(),
  /** Sniffed from the bytes, not taken from the upload. */
  contentType: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  /** Inline images are referenced from the body as `cid:<contentId>`. */
  inline: Type.Boolean(),
  contentId: Type.Union([Type.String(), Type.Null()]),
  sha256: Type.String(),
});
export type Attachment = Static<typeof AttachmentSchema>;

/** The ticket an email belongs to (M1), as far as mail knows it. */
export const EmailTicketRefSchema = Type.Object({
  id: UuidSchema,
  number: Type.Integer(),
  title: Type.String(),
});

/** Why a send failed, as the widget shows it. */
export const SendFailureSchema = Type.Object({
  /** The SMTP server's reply or the network error, e.g. `550 5.1.1 No such user`. */
  reason: Type.String(),
  /** The SMTP reply code when there was one. */
  smtpCode: Type.Union([Type.Integer(), Type.Null()]),
});

/** An email: a draft being written, an outbound send, or an inbound message. */
export const EmailSchema = Type.Object({
  id: UuidSchema,
  /** Bumped by every change; PATCH and send must name the version they saw. */
  version: Type.Integer({ minimum: 1 }),
  direction: Type.Union([Type.Literal('outbound'), Type.Literal('inbound')]),
  status: EmailStatusSchema,
  queueId: Type.Union([UuidSchema, Type.Null()]),
  ticket: Type.Union([EmailTicketRefSchema, Type.Null()]),
  /** The CRM contact paired with the first To recipient (M3). */
  contactId: Type.Union([UuidSchema, Type.Null()]),
  from: Type.Union([MailAddressSchema, Type.Null()]),
  to: RecipientListSchema,
  cc: RecipientListSchema,
  bcc: RecipientListSchema,
  subject: Type.String(),
  /** Sanitized HTML body. */
  html: Type.String(),
  important: Type.Boolean(),
  /** Put away (E8); listed under the shell's postponed activities. */
  postponed: Type.Boolean(),
  /** The earlier email this one replies to or forwards (N3). */
  replyTo: Type.Union([
    Type.Object({ emailId: UuidSchema, mode: Type.Union([Type.Literal('reply'), Type.Literal('forward')]) }),
    Type.Null(),
  ]),
  attachments: Type.Array(AttachmentSchema),
  /** Sum of attachment sizes, against MAX_EMAIL_ATTACHMENT_BYTES. */
  attachmentBytes: Type.Integer({ minimum: 0 }),
  /** RFC 5322 Message-ID, fixed when the email is queued. */
  messageId: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.Union([TimestampSchema, Type.Null()]),
  /** The SMTP server's final reply on success, e.g. `250 OK queued`. */
  smtpResponse: Type.Union([Type.String(), Type.Null()]),
  failure: Type.Union([SendFailureSchema, Type.Null()]),
  /**
   * A queued send whose last attempt met a transient failure (4xx, the SMTP server unreachable):
   * that reply and when the next attempt runs; null otherwise (issue 17).
   */
  retry: Type.Optional(Type.Union([Type.Object({ reason: Type.String(), smtpCode: Type.Union([Type.Integer(), Type.Null()]), nextAttemptAt: TimestampSchema }), Type.Null()])),
  /**
   * When a queued or scheduled send is released to the worker: the end of the undo window (E14)
   * or the chosen time (E15). Until then Undo returns it to a draft. Null for a draft.
   */
  releaseAt: Type.Union([TimestampSchema, Type.Null()]),
  /** When a scheduled send was held back because the customer wrote to the ticket first (E15); null otherwise. */
  heldAt: Type.Union([TimestampSchema, Type.Null()]),
  createdAt: TimestampSchema,
  /** Time of the last saved change (E5). */
  updatedAt: TimestampSchema,
});
export type Email = Static<typeof EmailSchema>;

/** A row of an email list (drafts, postponed, sent, a ticket's thread). */
export const EmailSummarySchema = Type.Object({
  id: UuidSchema,
  direction: Type.Union([Type.Literal('outbound'), Type.Literal('inbound')]),
  status: EmailStatusSchema,
  from: Type.Union([MailAddressSchema, Type.Null()]),
  to: RecipientListSchema,
  subject: Type.String(),
  /** Plain-text start of the body. */
  preview: Type.String(),
  important: Type.Boolean(),
  postponed: Type.Boolean(),
  ticket: Type.Union([EmailTicketRefSchema, Type.Null()]),
  attachmentCount: Type.Integer({ minimum: 0 }),
  updatedAt: TimestampSchema,
  sentAt: Type.Union([TimestampSchema, Type.Null()]),
});
export type EmailSummary = Static<typeof EmailSummarySchema>;
export const EmailListSchema = Type.Object({ items: Type.Array(EmailSummarySchema) });
export type EmailList = Static<typeof EmailListSchema>;

/** GET /emails: the caller's own emails of one folder, newest first. */
export const EmailListQuerySchema = Type.Object(
  {
    folder: Type.Union([Type.Literal('drafts'), Type.Literal('postponed'), Type.Literal('outbox'), Type.Literal('sent')]),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  },
  { additionalProperties: false },
);
export type EmailListQuery = Static<typeof EmailListQuerySchema>;

/**
 * POST /drafts: a new draft. `{}` is a blank email (N1); `to` + `contactId` come from a CRM
 * address (N2); `ticketId` starts from a ticket (N3: its addresses are offered); `replyTo`
 * answers or forwards an earlier email (recipients, subject, quote, threading prefilled).
 */
export const CreateDraftBodySchema = Type.Object(
  {
    queueId: Type.Optional(UuidSchema),
    ticketId: Type.Optional(UuidSchema),
    contactId: Type.Optional(UuidSchema),
    to: Type.Optional(RecipientListSchema),
    replyTo: Type.Optional(
      Type.Object(
        {
          emailId: UuidSchema,
          mode: Type.Union([Type.Literal('reply'), Type.Literal('replyAll'), Type.Literal('forward')]),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CreateDraftBody = Static<typeof CreateDraftBodySchema>;

/** PATCH /emails/:id: a partial autosave of a draft. A stale `version` gets 409 with the server copy. */
export const PatchDraftBodySchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    queueId: Type.Optional(Type.Union([UuidSchema, Type.Null()])),
    contactId: Type.Optional(Type.Union([UuidSchema, Type.Null()])),
    to: Type.Optional(RecipientListSchema),
    cc: Type.Optional(RecipientListSchema),
    bcc: Type.Optional(RecipientListSchema),
    subject: Type.Optional(headerText(998)),
    /** Sanitized by the server before it is stored. */
    html: Type.Optional(Type.String({ maxLength: 2_000_000 })),
    important: Type.Optional(Type.Boolean()),
    postponed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PatchDraftBody = Static<typeof PatchDraftBodySchema>;

/**
 * POST /emails/:id/send: queue the draft for delivery (E7). With `macroId`, one of the macros
 * the agent may use (templates), its actions as they are now run after the SMTP server accepted
 * the message (E13). Without `sendAt` it is queued and released after the agent's undo window
 * (E14); with `sendAt` (in the future, within a year) it is scheduled for that time (E15).
 */
export const SendBodySchema = Type.Object(
  { version: Type.Integer({ minimum: 1 }), macroId: Type.Optional(UuidSchema), sendAt: Type.Optional(TimestampSchema) },
  { additionalProperties: false },
);
export type SendBody = Static<typeof SendBodySchema>;

/** POST /emails/:id/schedule: move a scheduled send to another time before it goes (E15). */
export const RescheduleBodySchema = Type.Object(
  { version: Type.Integer({ minimum: 1 }), sendAt: TimestampSchema },
  { additionalProperties: false },
);
export type RescheduleBody = Static<typeof RescheduleBodySchema>;

/** Longest undo window an agent may choose, in seconds (E14). */
export const MAX_UNDO_SEND_SECONDS = 60;

/** GET and PUT /settings/send: the agent's own send settings. */
export const SendSettingsSchema = Type.Object(
  {
    /** How long a send waits before it is released, during which Undo takes it back (E14); 0 disables. Default 10. */
    undoSendSeconds: Type.Integer({ minimum: 0, maximum: MAX_UNDO_SEND_SECONDS }),
  },
  { additionalProperties: false },
);
export type SendSettings = Static<typeof SendSettingsSchema>;

/** Where one macro action of a send stands: waiting, applied, or given up with a reason. */
export const MacroStepStateSchema = Type.Union([Type.Literal('pending'), Type.Literal('done'), Type.Literal('skipped'), Type.Literal('failed')]);
export type MacroStepState = Static<typeof MacroStepStateSchema>;

/** One action of the macro a send runs, in the macro's order. */
export const MacroStepSchema = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  /** The action's type (`setStatus`, `addTags`, ...; templates' MacroAction). */
  type: Type.String(),
  state: MacroStepStateSchema,
  /** Why it was skipped or failed; null otherwise. */
  reason: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([TimestampSchema, Type.Null()]),
});
export type MacroStep = Static<typeof MacroStepSchema>;

/** GET /emails/:id/macro: the macro a send runs after delivery, and how far it got (E13). */
export const EmailMacroRunSchema = Type.Object(
  {
    emailId: UuidSchema,
    macroId: UuidSchema,
    /** The macro's name when the email was sent. */
    name: Type.String(),
    steps: Type.Array(MacroStepSchema),
  },
  { $id: 'EmailMacroRun' },
);
export type EmailMacroRun = Static<typeof EmailMacroRunSchema>;

export const EmailIdParamSchema = Type.Object({ id: UuidSchema });
export const AttachmentParamsSchema = Type.Object({ id: UuidSchema, attachmentId: UuidSchema });
export const MailTicketParamsSchema = Type.Object({ ticketId: UuidSchema });

/** POST /emails/:id/attachments?inline=true: one multipart file per request, field `file`. */
export const UploadQuerySchema = Type.Object(
  { inline: Type.Optional(Type.Boolean({ default: false })) },
  { additionalProperties: false },
);

/** A file of one of the ticket's earlier emails, for "choose from ticket" (E11). */
export const TicketAttachmentSchema = Type.Composite([
  AttachmentSchema,
  Type.Object({ emailId: UuidSchema, emailSubject: Type.String() }),
]);
export type TicketAttachment = Static<typeof TicketAttachmentSchema>;
export const TicketAttachmentListSchema = Type.Object({ items: Type.Array(TicketAttachmentSchema) });
export type TicketAttachmentList = Static<typeof TicketAttachmentListSchema>;

/** POST /emails/:id/attachments/from-ticket: reference earlier files without copying bytes. */
export const AddTicketAttachmentsBodySchema = Type.Object(
  { attachmentIds: Type.Array(UuidSchema, { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
);
export type AddTicketAttachmentsBody = Static<typeof AddTicketAttachmentsBodySchema>;
export const AttachmentListSchema = Type.Object({ items: Type.Array(AttachmentSchema) });
export type AttachmentList = Static<typeof AttachmentListSchema>;

/**
 * One event of GET /emails/:id/changes (T1), a `text/event-stream`: `event: draft` with the
 * saved copy as `data` after each save of the draft anywhere (every tab, device and replica).
 */
export const DraftChangeEventSchema = EmailSchema;
export type DraftChangeEvent = Static<typeof DraftChangeEventSchema>;

/**
 * The other event of GET /emails/:id/changes: `event: devices` with how many devices (browsers,
 * told apart by the stream's `device`) have the draft open now, this one included. A tab saves
 * at once while another device watches, and after a typing pause when it is alone.
 */
export const DraftDevicesEventSchema = Type.Object({ count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
export type DraftDevicesEvent = Static<typeof DraftDevicesEventSchema>;

/** An event of GET /tickets/:ticketId/emails/changes: the thread as the caller may read it now (as GET /tickets/:ticketId/emails). */
export const TicketThreadEventSchema = EmailListSchema;
export type TicketThreadEvent = Static<typeof TicketThreadEventSchema>;

/** GET /emails/:id/changes: `device` names the browser (one id for all its tabs), so its tabs count once. */
export const DraftChangesQuerySchema = Type.Object(
  { device: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{8,64}$' })) },
  { additionalProperties: false },
);
export type DraftChangesQuery = Static<typeof DraftChangesQuerySchema>;

/** Why an address is suggested for a recipient field (E3). */
export const SuggestionReasonSchema = Type.Union([Type.Literal('contact'), Type.Literal('correspondent')]);

/** GET /emails/:id/suggestions: addresses relevant to the draft's ticket, for the per-field buttons. */
export const RecipientSuggestionsSchema = Type.Object({
  items: Type.Array(Type.Composite([MailAddressSchema, Type.Object({ reason: SuggestionReasonSchema })])),
});
export type RecipientSuggestions = Static<typeof RecipientSuggestionsSchema>;

/**
 * Issue 13: a received message that was not filed, as admins see it: quarantined (kept; `reason`
 * says why) or refused. Sender and subject are read from its raw headers (null when its bytes are
 * gone or unreadable); `retriable` when its raw bytes are kept, so a retry can record it again.
 */
export const HeldInboundSchema = Type.Object({
  id: UuidSchema,
  state: Type.Union([Type.Literal('quarantined'), Type.Literal('refused')]),
  reason: Type.Union([Type.String(), Type.Null()]),
  sender: Type.Union([Type.String(), Type.Null()]),
  subject: Type.Union([Type.String(), Type.Null()]),
  receivedAt: TimestampSchema,
  source: Type.Union([Type.Literal('smtp'), Type.Literal('imap')]),
  queueId: Type.Union([UuidSchema, Type.Null()]),
  size: Type.Integer({ minimum: 0 }),
  retriable: Type.Boolean(),
});
export type HeldInbound = Static<typeof HeldInboundSchema>;
export const HeldInboundListSchema = Type.Object({ items: Type.Array(HeldInboundSchema) });
export type HeldInboundList = Static<typeof HeldInboundListSchema>;
/** GET /inbound/held: newest first, at most `limit` (default 50). */
export const HeldInboundQuerySchema = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('quarantined'), Type.Literal('refused')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type HeldInboundQuery = Static<typeof HeldInboundQuerySchema>;
export const HeldInboundParamsSchema = Type.Object({ id: UuidSchema });
/** POST /inbound/held/:id/retry answers the spool row the message waits in to be recorded again. */
export const HeldInboundRetrySchema = Type.Object({ spoolId: UuidSchema });
export type HeldInboundRetry = Static<typeof HeldInboundRetrySchema>;

/** Error codes of the mail service. */
export const MailErrorCode = {
  emailNotFound: 'EMAIL_NOT_FOUND',
  attachmentNotFound: 'ATTACHMENT_NOT_FOUND',
  /** PATCH or send named an older version; `details.current` holds the server copy. */
  versionConflict: 'DRAFT_VERSION_CONFLICT',
  /** The email is no longer a draft (queued, sent or inbound). */
  notDraft: 'EMAIL_NOT_DRAFT',
  /**
   * A send repeated (double click, a retry after a lost answer): that very send was accepted
   * before; `details.current` holds the email as it is now (queued, sent, failed...).
   */
  alreadySent: 'EMAIL_ALREADY_SENT',
  /** The caller is not a member of the queue (M2). */
  queueForbidden: 'QUEUE_FORBIDDEN',
  /** Another agent's draft. */
  emailForbidden: 'EMAIL_FORBIDDEN',
  /** Attachments plus inline images would exceed 20 MiB. */
  attachmentsTooLarge: 'ATTACHMENTS_TOO_LARGE',
  /** 503: the file's bytes were cleaned up while it was being added (nothing was added); try again. */
  attachmentRetry: 'ATTACHMENT_RETRY',
  /** Send without a queue or without any recipient. */
  queueRequired: 'QUEUE_REQUIRED',
  recipientRequired: 'RECIPIENT_REQUIRED',
  /** An upload request without a file part, or with more than one. */
  fileRequired: 'FILE_REQUIRED',
  /** The tickets service could not be reached to create or read the email's ticket. */
  ticketsUnavailable: 'TICKETS_UNAVAILABLE',
  /** Send named a macro the agent may not use, or GET /emails/:id/macro for an email sent without one. */
  macroNotFound: 'MACRO_NOT_FOUND',
  /** Undo or reschedule of an email that is not waiting any more: released to the worker, sent, or a draft (E14, E15). */
  sendNotHeld: 'SEND_NOT_HELD',
  /** A `sendAt` in the past or more than a year ahead (E15). */
  sendAtOutOfRange: 'SEND_AT_OUT_OF_RANGE',
  /** The templates service could not be reached to read the send's macro (nothing was sent). */
  templatesUnavailable: 'TEMPLATES_UNAVAILABLE',
  /** POST /drafts named a ticket the tickets service does not know (its own code). */
  ticketNotFound: TicketsErrorCode.ticketNotFound,
  /** GET /emails/:id/remote-images/:position: the email has no remote image there (issue 13). */
  remoteImageNotFound: 'REMOTE_IMAGE_NOT_FOUND',
  /** The agent has not allowed this email's remote images yet. */
  remoteImagesBlocked: 'REMOTE_IMAGES_BLOCKED',
  /** 502: the image could not be fetched (unreachable, a private address, not an image, too large). */
  remoteImageUnavailable: 'REMOTE_IMAGE_UNAVAILABLE',
  /** The mailbox routes: mail knows no queue with this id. */
  queueNotFound: 'QUEUE_NOT_FOUND',
  /** PUT /queues/:queueId/mailbox: the URL is not `imap(s)://user:password@host[:port]`, or the folder is blank. */
  invalidImapUrl: 'INVALID_IMAP_URL',
  /** 503: mail runs without MAIL_SECRET_KEY, so it cannot seal or open IMAP URLs. */
  mailSecretMissing: 'MAIL_SECRET_KEY_MISSING',
  /** POST /inbound/held/:id/retry: no quarantined or refused message with this id (a retried one has a new id). */
  heldInboundNotFound: 'HELD_INBOUND_NOT_FOUND',
  /** 409: the message was refused, or its raw bytes are lost: there is nothing to record again. */
  heldInboundNotRetriable: 'HELD_INBOUND_NOT_RETRIABLE',
} as const;

const E = MailErrorCode;
/** What every route that reads one email may answer: it does not exist, or it is another agent's draft. */
const readErrors = [E.emailNotFound, E.emailForbidden] as const;
/** What every route that changes one of the caller's drafts may answer besides `readErrors`. */
const draftErrors = [...readErrors, E.notDraft] as const;
/** What adding files to a draft may answer besides `draftErrors`. */
const addFileErrors = [...draftErrors, E.attachmentsTooLarge, E.attachmentRetry] as const;

/** What reading or setting a queue's mailbox may answer (clearing one needs no secret). */
const mailboxErrors = [E.queueNotFound, E.mailSecretMissing] as const;

const queueTags = ['queues'];
const emailTags = ['emails'];
const attachmentTags = ['attachments'];

/**
 * GET and PUT /emails/:id/remote-images (issue 13): how many http(s) images a received body holds
 * back (`src="remote:<position>"`), and whether the agent allowed them for this email.
 */
export const RemoteImagesSchema = Type.Object({ count: Type.Integer({ minimum: 0 }), allowed: Type.Boolean() });
export type RemoteImages = Static<typeof RemoteImagesSchema>;
export const RemoteImageParamsSchema = Type.Object({ id: UuidSchema, position: Type.Integer({ minimum: 0, maximum: 999 }) });

/** The mail service's routes, each defined once for the service and its clients. */
export const mailApi = {
  /** M2, E2: the queues the agent may send through. */
  listQueues: defineRoute({
    method: 'GET', path: '/queues', summary: 'The queues the caller may send through', tags: queueTags,
    response: MailQueueListSchema, errors: [],
  }),
  /** Issue 13, admins only: every queue (a member of it or not) with its mailbox, by name. */
  listQueueMailboxes: defineRoute({
    method: 'GET', path: '/queues/mailboxes', summary: "Every queue's IMAP mailbox (admins)", tags: queueTags,
    response: QueueMailboxListSchema, errors: [E.mailSecretMissing],
  }),
  /** Issue 13, admins only: whether a queue polls an IMAP mailbox, and which host and folder. */
  getQueueMailbox: defineRoute({
    method: 'GET', path: '/queues/:queueId/mailbox', summary: "A queue's IMAP mailbox (admins)", tags: queueTags,
    params: MailQueueParamsSchema, response: QueueMailboxSchema, errors: mailboxErrors,
  }),
  /** Issue 13, admins only: sets the IMAP mailbox a queue polls (stored sealed, never answered); the pollers follow at once. */
  putQueueMailbox: defineRoute({
    method: 'PUT', path: '/queues/:queueId/mailbox', summary: "Set a queue's IMAP mailbox (admins)", tags: queueTags,
    params: MailQueueParamsSchema, body: PutQueueMailboxBodySchema, response: QueueMailboxSchema, errors: [...mailboxErrors, E.invalidImapUrl],
  }),
  /** Issue 13, admins only: the queue stops polling a mailbox. */
  deleteQueueMailbox: defineRoute({
    method: 'DELETE', path: '/queues/:queueId/mailbox', summary: "Clear a queue's IMAP mailbox (admins)", tags: queueTags,
    params: MailQueueParamsSchema, response: QueueMailboxSchema, errors: [E.queueNotFound],
  }),
  /** Issue 13, admins only: received messages that were quarantined or refused, newest first. */
  listHeldInbound: defineRoute({
    method: 'GET', path: '/inbound/held', summary: 'Quarantined and refused received messages (admins)', tags: ['inbound'],
    query: HeldInboundQuerySchema, response: HeldInboundListSchema, errors: [],
  }),
  /** Issue 13, admins only: a quarantined message goes back to the spool, to be recorded (parsed, deduplicated) and filed again. */
  retryHeldInbound: defineRoute({
    method: 'POST', path: '/inbound/held/:id/retry', summary: 'Record and file a quarantined message again (admins)', tags: ['inbound'],
    params: HeldInboundParamsSchema, status: 202, response: HeldInboundRetrySchema, errors: [E.heldInboundNotFound, E.heldInboundNotRetriable],
  }),
  /** N1-N3: a blank draft, one to a CRM address, one from a ticket, a reply or a forward. */
  createDraft: defineRoute({
    method: 'POST', path: '/drafts', summary: 'Create a draft', tags: emailTags,
    body: CreateDraftBodySchema, status: 201, response: EmailSchema,
    errors: [...readErrors, E.queueForbidden, E.ticketNotFound, E.ticketsUnavailable, E.attachmentRetry],
  }),
  /** E8: the caller's own emails of one folder, newest change first. */
  listEmails: defineRoute({
    method: 'GET', path: '/emails', summary: "The caller's emails of one folder", tags: emailTags,
    query: EmailListQuerySchema, response: EmailListSchema, errors: [],
  }),
  getEmail: defineRoute({
    method: 'GET', path: '/emails/:id', summary: 'Read an email', tags: emailTags,
    params: EmailIdParamSchema, response: EmailSchema, errors: readErrors,
  }),
  /** E5: autosave; a stale version gets 409 with the server copy. */
  patchDraft: defineRoute({
    method: 'PATCH', path: '/emails/:id', summary: 'Save changes to a draft', tags: emailTags,
    params: EmailIdParamSchema, body: PatchDraftBodySchema, response: EmailSchema,
    errors: [...draftErrors, E.versionConflict, E.queueForbidden],
  }),
  /** E6: discard a draft for good. */
  discardDraft: defineRoute({
    method: 'DELETE', path: '/emails/:id', summary: 'Discard a draft', tags: emailTags,
    params: EmailIdParamSchema, status: 204, response: null, errors: draftErrors,
  }),
  /** E7: queue the draft for delivery. */
  sendEmail: defineRoute({
    method: 'POST', path: '/emails/:id/send', summary: 'Send a draft', tags: emailTags,
    params: EmailIdParamSchema, body: SendBodySchema, status: 202, response: EmailSchema,
    errors: [
      ...draftErrors,
      E.alreadySent,
      E.versionConflict,
      E.queueRequired,
      E.queueForbidden,
      E.recipientRequired,
      E.attachmentsTooLarge,
      E.ticketsUnavailable,
      E.macroNotFound,
      E.templatesUnavailable,
      E.sendAtOutOfRange,
    ],
  }),
  /** E14, E15: take back a send still in its undo window, or cancel a scheduled one; it is a draft again. */
  unsendEmail: defineRoute({
    method: 'POST', path: '/emails/:id/unsend', summary: 'Undo a send before it is released', tags: emailTags,
    params: EmailIdParamSchema, response: EmailSchema, errors: [...readErrors, E.sendNotHeld],
  }),
  /** E15: change the time of a scheduled send. */
  rescheduleEmail: defineRoute({
    method: 'POST', path: '/emails/:id/schedule', summary: 'Change the time of a scheduled send', tags: emailTags,
    params: EmailIdParamSchema, body: RescheduleBodySchema, response: EmailSchema,
    errors: [...readErrors, E.sendNotHeld, E.versionConflict, E.sendAtOutOfRange],
  }),
  /** E14: the agent's undo window. */
  getSendSettings: defineRoute({
    method: 'GET', path: '/settings/send', summary: "The caller's send settings", tags: emailTags,
    response: SendSettingsSchema, errors: [],
  }),
  putSendSettings: defineRoute({
    method: 'PUT', path: '/settings/send', summary: "Change the caller's send settings", tags: emailTags,
    body: SendSettingsSchema, response: SendSettingsSchema, errors: [],
  }),
  /** E13: the macros the agent may send with (the "Send and …" menu), read from templates for the agent. */
  listMacros: defineRoute({
    method: 'GET', path: '/macros', summary: 'The macros the agent may run after a send', tags: emailTags,
    response: MacroListSchema, errors: [E.templatesUnavailable],
  }),
  /** E13: the macro of a send and how far its actions got. */
  getEmailMacro: defineRoute({
    method: 'GET', path: '/emails/:id/macro', summary: "The progress of a send's macro", tags: emailTags,
    params: EmailIdParamSchema, response: EmailMacroRunSchema, errors: [...readErrors, E.macroNotFound],
  }),
  /** E13 Try again: the failed action and the ones after it run again (their keys keep what was applied once). */
  retryEmailMacro: defineRoute({
    method: 'POST', path: '/emails/:id/macro/retry', summary: "Run a send's failed macro actions again", tags: emailTags,
    params: EmailIdParamSchema, status: 202, response: EmailMacroRunSchema, errors: [...readErrors, E.macroNotFound],
  }),
  /** M1: the ticket's emails the caller may read, oldest first. */
  listTicketEmails: defineRoute({
    method: 'GET', path: '/tickets/:ticketId/emails', summary: "A ticket's emails", tags: emailTags,
    params: MailTicketParamsSchema, response: EmailListSchema, errors: [],
  }),
  /**
   * Issue 13: the ticket's thread (`TicketThreadEventSchema`, event `thread`) as server-sent
   * events, the current one first and again whenever an email is filed into the ticket or one of
   * its sends changes state; 404 TICKET_NOT_FOUND when the caller may read none of its emails.
   */
  ticketEmailChanges: defineRoute({
    method: 'GET', path: '/tickets/:ticketId/emails/changes', summary: "A ticket's thread as server-sent events", tags: emailTags,
    params: MailTicketParamsSchema, response: null, errors: [E.ticketNotFound],
  }),
  /** E3: addresses of the draft's ticket for the recipient buttons. */
  getSuggestions: defineRoute({
    method: 'GET', path: '/emails/:id/suggestions', summary: 'Recipient suggestions for a draft', tags: emailTags,
    params: EmailIdParamSchema, response: RecipientSuggestionsSchema, errors: readErrors,
  }),
  /** T1: the draft's saved changes (`DraftChangeEventSchema`) and open devices (`DraftDevicesEventSchema`) as server-sent events, for its author. */
  draftChanges: defineRoute({
    method: 'GET', path: '/emails/:id/changes', summary: "A draft's saved changes as server-sent events", tags: emailTags,
    params: EmailIdParamSchema, query: DraftChangesQuerySchema, response: null, errors: draftErrors,
  }),
  /** E11, E9: one multipart file (field `file`); answers carry the draft's new version in `x-email-version`. */
  uploadAttachment: defineRoute({
    method: 'POST', path: '/emails/:id/attachments', summary: 'Upload a file or inline image to a draft', tags: attachmentTags,
    params: EmailIdParamSchema, query: UploadQuerySchema, consumes: ['multipart/form-data'], status: 201, response: AttachmentSchema,
    errors: [...addFileErrors, E.fileRequired],
  }),
  /** The bytes of a file (not JSON); `inline=true` shows an image inline. */
  attachmentContent: defineRoute({
    method: 'GET', path: '/emails/:id/attachments/:attachmentId/content', summary: "An attachment's bytes", tags: attachmentTags,
    params: AttachmentParamsSchema, query: UploadQuerySchema, response: null,
    errors: [...readErrors, E.attachmentNotFound],
  }),
  removeAttachment: defineRoute({
    method: 'DELETE', path: '/emails/:id/attachments/:attachmentId', summary: 'Remove a file from a draft', tags: attachmentTags,
    params: AttachmentParamsSchema, status: 204, response: null, errors: [...draftErrors, E.attachmentNotFound],
  }),
  /** E11 "choose from ticket": the files of the ticket's earlier emails. */
  listTicketAttachments: defineRoute({
    method: 'GET', path: '/tickets/:ticketId/attachments', summary: "Files of a ticket's emails", tags: attachmentTags,
    params: MailTicketParamsSchema, response: TicketAttachmentListSchema, errors: [],
  }),
  /** E11: references earlier files of the draft's ticket without copying bytes. */
  addTicketAttachments: defineRoute({
    method: 'POST', path: '/emails/:id/attachments/from-ticket', summary: "Add files of the ticket's emails to a draft", tags: attachmentTags,
    params: EmailIdParamSchema, body: AddTicketAttachmentsBodySchema, status: 201, response: AttachmentListSchema,
    errors: [...addFileErrors, E.attachmentNotFound],
  }),
  /** Issue 13: a received email's remote images and whether they are shown. */
  getRemoteImages: defineRoute({
    method: 'GET', path: '/emails/:id/remote-images', summary: "A received email's remote images", tags: emailTags,
    params: EmailIdParamSchema, response: RemoteImagesSchema, errors: readErrors,
  }),
  /** Issue 13: the agent allows this email's remote images (remembered for the email). */
  allowRemoteImages: defineRoute({
    method: 'PUT', path: '/emails/:id/remote-images', summary: "Show a received email's remote images", tags: emailTags,
    params: EmailIdParamSchema, response: RemoteImagesSchema, errors: readErrors,
  }),
  /** Issue 13: the bytes of an allowed remote image (not JSON), fetched by mail so the browser never contacts the sender's server. */
  remoteImageContent: defineRoute({
    method: 'GET', path: '/emails/:id/remote-images/:position', summary: 'A remote image of a received email', tags: emailTags,
    params: RemoteImageParamsSchema, response: null,
    errors: [...readErrors, E.remoteImageNotFound, E.remoteImagesBlocked, E.remoteImageUnavailable],
  }),
} as const;

/**
 * Job data of the outbound mail queue: the id (the worker reads the rest from the database) and,
 * when tracing is on, the W3C `traceparent` of the send request, which the worker's span continues.
 */
export interface SendJobData {
  emailId: string;
  traceparent?: string;
}

/** Name of the BullMQ queue the relay fills and the worker drains. */
export const SEND_QUEUE_NAME = 'mail-send';
