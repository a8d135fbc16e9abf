import { PassThrough, type Readable } from 'node:stream';

/** The largest body kept to send again to another replica: a service's JSON limit. */
export const REPLAY_LIMIT = 1024 * 1024;

/**
 * A request body streamed to a replica through a PassThrough, with a copy of its bytes (up to
 * `limit`) so it can be streamed again to another replica when the first refused the connection:
 * the proxy destroys the stream it was given on failure, bytes it buffered with it.
 */
export class ReplayableBody {
  /** What the proxy reads now. */
  stream: Readable;
  private readonly seen: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly raw: Readable,
    private readonly limit = REPLAY_LIMIT,
  ) {
    raw.on('data', (chunk: Buffer) => {
      this.size += chunk.length;
      if (this.size <= limit) this.seen.push(chunk);
      else this.seen.length = 0;
    });
    this.stream = this.pipeFromRaw(new PassThrough());
  }

  /** A fresh stream of the whole body (the copy, then the rest as it comes); null when it was too big to keep. */
  again(): Readable | null {
    if (this.size > this.limit) return null;
    this.raw.unpipe();
    const next = new PassThrough();
    for (const chunk of this.seen) next.write(chunk);
    this.stream = this.pipeFromRaw(next);
    return next;
  }

  private pipeFromRaw(target: PassThrough): PassThrough {
    if (this.raw.readableEnded) target.end();
    else this.raw.pipe(target);
    return target;
  }
}
