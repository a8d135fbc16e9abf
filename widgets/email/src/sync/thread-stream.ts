import type { EmailSummary, TicketThreadEvent } from '@switchboard/contracts';
import { LiveStream, type LiveStreamOptions } from './live-stream';

/** Options of a ticket's thread stream. */
export interface ThreadStreamOptions extends Omit<LiveStreamOptions, 'events' | 'connectedBy'> {
  /** The URL of `GET /tickets/:ticketId/emails/changes`. */
  url: string;
  /** The thread as the agent may read it, the current one first after every (re)connection. */
  onThread(items: EmailSummary[]): void;
}

/** What a caller of the stream hears; the API adds the URL, the token and fetch. */
export type ThreadStreamHandlers = Pick<ThreadStreamOptions, 'onThread' | 'onOnline' | 'onRefused' | 'retryDelaysMs'>;

/**
 * Reads a ticket's thread from the mail service as it changes (issue 13: an email filed into the
 * ticket, a send changing state) and reconnects after an outage, starting from the current thread.
 */
export class ThreadStream extends LiveStream {
  constructor({ onThread, ...options }: ThreadStreamOptions) {
    super({ ...options, connectedBy: 'thread', events: { thread: (data) => onThread((data as TicketThreadEvent).items) } });
  }
}
