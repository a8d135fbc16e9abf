import { randomUUID } from 'node:crypto';
import type { DevMailMessage, DevMailReply } from '@switchboard/contracts';
import nodemailer from 'nodemailer';

/** Why the inbound listener did not take a reply: its reply line, or the connection error. */
export class ReplyNotDeliveredError extends Error {}

/**
 * Sends the customer's answer to a message the platform sent, to the platform's inbound SMTP
 * listener on 127.0.0.1, as the customer's mail client would: From the message's first
 * recipient, To its sender, `Re:` subject (the ticket tag kept), In-Reply-To and References.
 */
export async function sendCustomerReply(inboundSmtpPort: number, original: DevMailMessage, text: string): Promise<DevMailReply> {
  const customer = original.to[0] ?? original.cc[0];
  const agent = original.from[0];
  if (!customer || !agent) throw new ReplyNotDeliveredError('The message has no recipient or sender to reply between');
  const domain = customer.address.slice(customer.address.lastIndexOf('@') + 1) || 'customer.invalid';
  const messageId = `<${randomUUID()}@${domain}>`;
  const references = [original.headers.references, original.messageId].filter(Boolean).join(' ');
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inboundSmtpPort, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({
      from: customer,
      to: agent,
      subject: /^re:/i.test(original.subject) ? original.subject : `Re: ${original.subject}`,
      messageId,
      ...(original.messageId ? { inReplyTo: original.messageId, references } : {}),
      text,
    });
    return { messageId, response: info.response };
  } catch (error) {
    const failure = error as { response?: string; message?: string };
    throw new ReplyNotDeliveredError(failure.response ?? failure.message ?? 'the inbound SMTP listener did not answer');
  } finally {
    transport.close();
  }
}
