import type { MailAddress } from '@switchboard/contracts';
import type { SendMailOptions } from 'nodemailer';
import type { Readable } from 'node:stream';
import type { BlobStore } from '@switchboard/service-kit';
import { htmlToText, sanitizeEmailHtml } from '@switchboard/service-kit';
import type { OutgoingAttachment, OutgoingEmail, OutgoingQueue } from './send-store';

/** Header naming the Switchboard email a message was sent from, for bounces and support. */
export const EMAIL_ID_HEADER = 'X-Switchboard-Email-Id';

/** A message ready for nodemailer, and the blob streams it reads (to be destroyed if unsent). */
export interface ComposedMessage {
  message: SendMailOptions;
  streams: Readable[];
}

const toAddress = (mailbox: MailAddress) => (mailbox.name ? { name: mailbox.name, address: mailbox.address } : mailbox.address);

/**
 * Builds the MIME message of a queued email. The body is sanitized again (whatever is in the
 * database), the plain-text alternative derives from it, the Message-ID is the one fixed when
 * the email was queued (the same on every attempt), and attachment bytes stream from the blob
 * store; inline images keep their Content-ID.
 */
export function composeMessage(
  email: OutgoingEmail,
  queue: OutgoingQueue,
  attachments: OutgoingAttachment[],
  blobStore: BlobStore,
): ComposedMessage {
  const from = email.from ?? { address: queue.fromAddress, ...(queue.fromName ? { name: queue.fromName } : {}) };
  const html = sanitizeEmailHtml(email.html);
  const streams: Readable[] = [];
  const parts = attachments.map((attachment) => {
    const content = blobStore.open(attachment.blobSha256);
    streams.push(content);
    return {
      filename: attachment.fileName,
      contentType: attachment.contentType,
      content,
      ...(attachment.inline && attachment.contentId
        ? { cid: attachment.contentId, contentDisposition: 'inline' }
        : { contentDisposition: 'attachment' }),
    };
  });
  const message: SendMailOptions = {
    from: toAddress(from),
    to: email.to.map(toAddress),
    cc: email.cc.map(toAddress),
    bcc: email.bcc.map(toAddress),
    subject: email.subject,
    html,
    text: htmlToText(html),
    messageId: email.messageId ?? undefined,
    inReplyTo: email.inReplyTo ?? undefined,
    references: email.references ?? undefined,
    headers: { [EMAIL_ID_HEADER]: email.id },
    attachments: parts,
  };
  return { message, streams };
}
