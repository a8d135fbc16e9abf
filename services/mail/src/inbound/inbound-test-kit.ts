import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { MailTestContext } from '../testing/mail-test-context';
import type { InboundFiler } from './inbound-filer';
import { createInboundSpool, type InboundSpool } from './inbound-spool';
import { startInboundSmtp, type InboundSmtpListener } from './smtp-listener';
import { inboundDepsOf } from './receive';

/** What the SMTP server answered a delivery: the reply line, or the refusal. */
export interface Delivery {
  accepted: boolean;
  code: number;
  response: string;
}

/** The real inbound SMTP listener over a mail test context's app, on a free loopback port. */
export function listenInbound(ctx: MailTestContext, messagesPerMinute = 100_000): Promise<InboundSmtpListener> {
  return startInboundSmtp(inboundDepsOf(ctx.app), { port: 0, messagesPerMinute });
}

/** A spool recorder over the test app's database and blobs that wakes `filer` (not the app's), without a timed sweep. */
export function spoolFor(ctx: MailTestContext, filer: Pick<InboundFiler, 'wake'>): InboundSpool {
  return createInboundSpool({ orm: ctx.app.orm, blobStore: ctx.app.blobStore, parser: ctx.app.inboundParser, log: ctx.app.log, filer }, { sweepMs: 0 });
}

/** What the app does in the background after a 250: records what the listener spooled, then files it. */
export async function recordAndFile(spool: Pick<InboundSpool, 'processNow'>, filer: Pick<InboundFiler, 'fileNow'>): Promise<void> {
  await spool.processNow();
  await filer.fileNow();
}

/** Delivers raw bytes over SMTP, as a customer's mail server would. */
export async function deliver(port: number, raw: string | Buffer, to: string, from = 'customer@example.net'): Promise<Delivery> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope: { from, to: [to] }, raw });
    return { accepted: true, code: Number(info.response.slice(0, 3)), response: info.response };
  } catch (error) {
    const failure = error as { responseCode?: number; response?: string; message: string };
    return { accepted: false, code: failure.responseCode ?? 0, response: failure.response ?? failure.message };
  } finally {
    transport.close();
  }
}

/** A plain RFC 5322 message; `headers` adds or overrides lines. */
export function rawMessage(options: { to: string; subject: string; from?: string; body?: string; messageId?: string | null; headers?: string[] }): string {
  const lines = [
    `From: ${options.from ?? 'Carol Customer <customer@example.net>'}`,
    `To: ${options.to}`,
    `Subject: ${options.subject}`,
    'Date: Sat, 05 Dec 2026 09:00:00 +0000',
    ...(options.messageId === null ? [] : [`Message-ID: ${options.messageId ?? `<${randomUUID()}@example.net>`}`]),
    'MIME-Version: 1.0',
    ...(options.headers ?? []),
  ];
  if (!lines.some((line) => /^content-type:/i.test(line))) lines.push('Content-Type: text/plain; charset=utf-8');
  return `${lines.join('\r\n')}\r\n\r\n${options.body ?? 'Hello, the printer is still broken.'}\r\n`;
}
