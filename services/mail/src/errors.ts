import { CommonErrorCode, MailErrorCode, MAX_EMAIL_ATTACHMENT_BYTES, type Email } from '@switchboard/contracts';
import { AppError, badRequest, conflict, forbidden, notFound } from '@switchboard/service-kit';

/** The 403 message for tokens that are not a user's (`requireUser`): mail routes are for agents. */
export const AGENTS_ONLY = 'Mail routes are for agents';

/** 404: no email with this id. */
export const emailNotFound = () => notFound(MailErrorCode.emailNotFound, 'Email not found');

/** 403: another agent's draft, or an email of a queue the caller is not in. */
export const emailForbidden = () => forbidden('This email belongs to another agent', MailErrorCode.emailForbidden);

/** 403: only the author may change, send or discard a draft. */
export const notTheAuthor = () => forbidden('Only the author can change a draft', MailErrorCode.emailForbidden);

/** 409: the email was queued, sent or received; it is no longer a draft. */
export const notDraft = (status: string) => conflict(MailErrorCode.notDraft, `The email is ${status}, not a draft`);

/** 409 with the email as it is now in `details.current`: the same send was accepted before (a repeat). */
export const alreadySent = (current: Email) =>
  conflict(MailErrorCode.alreadySent, `This send was accepted already; the email is ${current.status}`, { current });

/** 409 with the server copy in `details.current`, for the merge dialog (T2). */
export const versionConflict = (current: Email) =>
  conflict(MailErrorCode.versionConflict, `The email changed meanwhile; the server has version ${current.version}`, { current });

/** 403: the caller is not a member of the queue (M2), or mail does not know it. */
export const queueForbidden = (queueId: string) =>
  forbidden(`You are not a member of queue ${queueId}`, MailErrorCode.queueForbidden);

/** 400: a send without a queue. */
export const queueRequired = () => badRequest(MailErrorCode.queueRequired, 'Choose the queue the email is sent through');

/** 400: a send without any To recipient. */
export const recipientRequired = () => badRequest(MailErrorCode.recipientRequired, 'Add at least one To recipient');

/** 400: a stored recipient that may not go into a header, checked again before a send. */
export const invalidRecipient = (field: string, index: number, problem: string) =>
  badRequest(CommonErrorCode.validation, `Recipient ${field}[${index}] ${problem}`, { path: `/${field}/${index}` });

/** 404: the ticket a new draft names is not known to tickets. */
export const ticketNotFound = (ticketId: string) => notFound(MailErrorCode.ticketNotFound, `No ticket ${ticketId}`);

/** 400: "choose from ticket" on a draft that belongs to no ticket. */
export const draftWithoutTicket = () => badRequest(CommonErrorCode.validation, 'The draft does not belong to a ticket');

/** 503: tickets did not answer, or answered something other than success or 404. */
export const ticketsUnavailable = (reason: string, status?: number) =>
  new AppError(503, MailErrorCode.ticketsUnavailable, `The tickets service is unavailable: ${reason}`, status === undefined ? undefined : { status });

/**
 * Whether tickets refused the request itself (400, 409, 413 or 422: it will refuse it again),
 * rather than being down, overloaded or refusing mail's token.
 */
export const isTicketsRefusal = (error: unknown): boolean =>
  error instanceof AppError && error.code === MailErrorCode.ticketsUnavailable && [400, 409, 413, 422].includes((error.details as { status?: number } | undefined)?.status ?? 0);

/** 404: a macro the agent may not use, or an email sent without one (E13). */
export const macroNotFound = () => notFound(MailErrorCode.macroNotFound, 'Macro not found');

/** 503: the templates service could not give the send's macro; nothing was sent. */
export const templatesUnavailable = (reason: string) =>
  new AppError(503, MailErrorCode.templatesUnavailable, `The templates service is unavailable: ${reason}`);

/** 404: no such attachment on this email. */
export const attachmentNotFound = () => notFound(MailErrorCode.attachmentNotFound, 'Attachment not found');

/** 413: the email's attachments and inline images would exceed 20 MiB (E11). */
export const attachmentsTooLarge = () =>
  new AppError(
    413,
    MailErrorCode.attachmentsTooLarge,
    `Attachments and inline images may total at most ${MAX_EMAIL_ATTACHMENT_BYTES} bytes`,
    { maxBytes: MAX_EMAIL_ATTACHMENT_BYTES },
  );

/** 413: a draft whose files already take more than may be sent. */
export const sendTooLarge = (bytes: number) =>
  new AppError(
    413,
    MailErrorCode.attachmentsTooLarge,
    `Attachments take ${bytes} bytes; at most ${MAX_EMAIL_ATTACHMENT_BYTES} may be sent`,
  );

/** 503: a sweep removed the file's bytes before they were added (nothing was added); the client tries again. */
export const attachmentRetry = () =>
  new AppError(503, MailErrorCode.attachmentRetry, 'The file was cleaned up while it was being added; add it again');

/** 400: the upload is not exactly one file part named `file`. */
export const fileRequired = (message: string) => badRequest(MailErrorCode.fileRequired, message);

/** 415: the request or the file is of a type this route does not take. */
export const unsupportedMediaType = (message: string) => new AppError(415, CommonErrorCode.unsupportedMediaType, message);

/** 409: undo or reschedule of a send that is not waiting any more (released, sent, or a draft) (E14, E15). */
export const sendNotHeld = (status: string) =>
  conflict(MailErrorCode.sendNotHeld, `The email is ${status} and no longer waiting to be sent; it cannot be taken back or moved`);

/** 400: a scheduled time in the past or more than a year ahead (E15). */
export const sendAtOutOfRange = () =>
  badRequest(MailErrorCode.sendAtOutOfRange, 'Choose a time in the future, at most a year ahead');

/** 403: the mailbox routes are an admin's (issue 13). */
export const adminRequired = () => forbidden('Requires role admin');

/** 404: mail knows no queue with this id. */
export const queueNotFound = (queueId: string) => notFound(MailErrorCode.queueNotFound, `No queue ${queueId}`);

/** 400: not an IMAP URL mail can poll, with the reason. */
export const invalidImapUrl = (reason: string) => badRequest(MailErrorCode.invalidImapUrl, `Not an IMAP mailbox URL: ${reason}`);

/** 503: MAIL_SECRET_KEY is not set, so IMAP URLs can be neither sealed nor opened. */
export const mailSecretMissing = () =>
  new AppError(503, MailErrorCode.mailSecretMissing, 'Mail runs without MAIL_SECRET_KEY, so it cannot keep IMAP mailboxes');

/** 404: no quarantined or refused received message with this id. */
export const heldInboundNotFound = (id: string) => notFound(MailErrorCode.heldInboundNotFound, `No quarantined or refused message ${id}`);

/** 409: a refused message, or one whose raw bytes are lost, cannot be recorded again. */
export const heldInboundNotRetriable = (why: string) => conflict(MailErrorCode.heldInboundNotRetriable, `This message cannot be recorded again: ${why}`);
