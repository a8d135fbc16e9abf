import { Type, type Static } from '@sinclair/typebox';
import { TimestampSchema, UuidSchema } from './common';
import { defineRoute } from './route';

// The local SMTP sink `npm start` runs when no SMTP server is configured: it keeps what the
// platform sends so a developer can read it. Served behind the gateway at /api/dev-mail.

/** How many messages the sink keeps; older ones are forgotten. */
export const DEV_MAIL_CAPACITY = 500;

/** A mailbox as the message's header wrote it (`name` is empty when there was none). */
export const DevMailAddressSchema = Type.Object({
  address: Type.String(),
  name: Type.String(),
});
export type DevMailAddress = Static<typeof DevMailAddressSchema>;

/** One attachment of a received message, inline images included. */
export const DevMailAttachmentSchema = Type.Object({
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  /** Content-ID of an inline part (referenced as `cid:` from the HTML), else null. */
  contentId: Type.Union([Type.String(), Type.Null()]),
});
export type DevMailAttachment = Static<typeof DevMailAttachmentSchema>;

/** A row of GET /messages. */
export const DevMailSummarySchema = Type.Object({
  /** The sink's own id of the message (not its Message-ID). */
  id: Type.String(),
  receivedAt: TimestampSchema,
  from: Type.Array(DevMailAddressSchema),
  to: Type.Array(DevMailAddressSchema),
  cc: Type.Array(DevMailAddressSchema),
  subject: Type.String(),
  /** The Message-ID header, or null. */
  messageId: Type.Union([Type.String(), Type.Null()]),
  /** Size of the raw message in bytes. */
  size: Type.Integer({ minimum: 0 }),
  attachments: Type.Array(DevMailAttachmentSchema),
});
export type DevMailSummary = Static<typeof DevMailSummarySchema>;

/** GET /messages: newest first. */
export const DevMailListSchema = Type.Object({ items: Type.Array(DevMailSummarySchema) });
export type DevMailList = Static<typeof DevMailListSchema>;

/** GET /messages/:id: the summary plus the body and the headers a developer checks. */
export const DevMailMessageSchema = Type.Composite([
  DevMailSummarySchema,
  Type.Object({
    /** The envelope: MAIL FROM and RCPT TO, which include Bcc recipients. */
    envelope: Type.Object({ from: Type.String(), to: Type.Array(Type.String()) }),
    /** The HTML body as sent (unsanitized: show it only in a sandboxed iframe), or null. */
    html: Type.Union([Type.String(), Type.Null()]),
    /** The plain-text body, or null. */
    text: Type.Union([Type.String(), Type.Null()]),
    /** Threading and other headers of interest (In-Reply-To, References, Reply-To, ...), lower-case names. */
    headers: Type.Record(Type.String(), Type.String()),
  }),
]);
export type DevMailMessage = Static<typeof DevMailMessageSchema>;

/** Path parameters of one message. */
export const DevMailIdParamSchema = Type.Object({ id: UuidSchema });

/** POST /messages/:id/reply: the customer's answer to a message the platform sent. */
export const DevMailReplyBodySchema = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 10_000 }) },
  { additionalProperties: false },
);
export type DevMailReplyBody = Static<typeof DevMailReplyBodySchema>;

/** What the inbound SMTP listener answered the reply. */
export const DevMailReplySchema = Type.Object({
  /** Message-ID of the reply. */
  messageId: Type.String(),
  /** The listener's reply line, e.g. `250 OK queued as ...`. */
  response: Type.String(),
});
export type DevMailReply = Static<typeof DevMailReplySchema>;

/** Error codes of the dev mail sink. */
export const DevMailErrorCode = {
  messageNotFound: 'DEV_MAIL_MESSAGE_NOT_FOUND',
  /** The platform runs no inbound SMTP listener, or it refused the reply (the message says why). */
  replyNotDelivered: 'DEV_MAIL_REPLY_NOT_DELIVERED',
} as const;

const tags = ['dev-mail'];

/** The dev mail sink's routes; callers use a token of audience `mail`, as for the mail service. */
export const devMailApi = {
  listMessages: defineRoute({
    method: 'GET', path: '/messages', summary: 'Caught messages, newest first', tags, response: DevMailListSchema, errors: [],
  }),
  getMessage: defineRoute({
    method: 'GET', path: '/messages/:id', summary: 'One message with its body and headers', tags,
    params: DevMailIdParamSchema, response: DevMailMessageSchema, errors: [DevMailErrorCode.messageNotFound],
  }),
  /** The raw message as `message/rfc822`, for download. */
  getRawMessage: defineRoute({
    method: 'GET', path: '/messages/:id/raw', summary: 'The raw message (.eml)', tags,
    params: DevMailIdParamSchema, response: null, errors: [DevMailErrorCode.messageNotFound],
  }),
  /** Issue 13: the customer answers (From = the message's first recipient) through the platform's inbound SMTP listener. */
  replyAsCustomer: defineRoute({
    method: 'POST', path: '/messages/:id/reply', summary: 'Reply as the customer, through inbound SMTP', tags,
    params: DevMailIdParamSchema, body: DevMailReplyBodySchema, response: DevMailReplySchema,
    errors: [DevMailErrorCode.messageNotFound, DevMailErrorCode.replyNotDelivered],
  }),
  clearMessages: defineRoute({
    method: 'DELETE', path: '/messages', summary: 'Forget every caught message', tags, status: 204, response: null, errors: [],
  }),
} as const;
