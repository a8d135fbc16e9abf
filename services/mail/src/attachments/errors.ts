import { CommonErrorCode, MailErrorCode, MAX_EMAIL_ATTACHMENT_BYTES } from '@switchboard/contracts';
import { AppError, badRequest, notFound } from '@switchboard/service-kit';

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

/** 503: a sweep removed the file's bytes before they were added (nothing was added); the client tries again. */
export const attachmentRetry = () =>
  new AppError(503, MailErrorCode.attachmentRetry, 'The file was cleaned up while it was being added; add it again');

/** 400: the upload is not exactly one file part named `file`. */
export const fileRequired = (message: string) => badRequest(MailErrorCode.fileRequired, message);

/** 415: the request or the file is of a type this route does not take. */
export const unsupportedMediaType = (message: string) => new AppError(415, CommonErrorCode.unsupportedMediaType, message);
