import type { DraftDevicesEvent, Email } from '@switchboard/contracts';
import { LiveStream, type LiveStreamOptions } from './live-stream';

/** Options of a draft's change stream. */
export interface DraftStreamOptions extends Omit<LiveStreamOptions, 'events' | 'connectedBy'> {
  /** The URL of `GET /emails/:id/changes`. */
  url: string;
  /** Each saved copy the server sends, the current one first after every (re)connection. */
  onEmail(email: Email): void;
  /** How many devices have the draft open, this one included, whenever that changes. */
  onDevices?(count: number): void;
  /** The server refused the stream for good (the draft was sent or discarded, or is not the agent's): no more tries. */
  onRefused?(status: number): void;
}

/** What a caller of the stream hears; the API adds the URL, the token and fetch. */
export type DraftStreamHandlers = Pick<DraftStreamOptions, 'onEmail' | 'onDevices' | 'onOnline' | 'onRefused' | 'retryDelaysMs'>;

/**
 * Reads a draft's saved changes from the mail service (T1) and reconnects after an outage; the
 * first event of each connection is the current copy, so nothing saved meanwhile is missed.
 */
export class DraftStream extends LiveStream {
  constructor({ onEmail, onDevices, ...options }: DraftStreamOptions) {
    super({
      ...options,
      connectedBy: 'draft',
      events: {
        draft: (data) => onEmail(data as Email),
        devices: (data) => onDevices?.((data as DraftDevicesEvent).count),
      },
    });
  }
}
