/** Request codes of the untyped messages a client may send before (or instead of) starting up. */
const PROTOCOL_3_0 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** One complete message from a client, as the PostgreSQL protocol 3.0 frames it. */
export type ClientMessage =
  /** SSLRequest or GSSENCRequest: answered with a single 'N' (not supported), then the client goes on. */
  | { kind: 'encryption-request' }
  /** CancelRequest on its own connection: there is no backend process to signal. */
  | { kind: 'cancel-request' }
  /** StartupMessage (user, database, options). */
  | { kind: 'startup'; bytes: Uint8Array }
  /** Any typed message after start-up: `type` is its first byte as a character (e.g. 'P', 'S'). */
  | { kind: 'typed'; type: string; bytes: Uint8Array }
  /** A length or request code no PostgreSQL server would accept: the connection must be dropped. */
  | { kind: 'invalid'; reason: string };

/** Largest message accepted, as PostgreSQL's own limit for one message (1 GiB). */
const MAX_MESSAGE_BYTES = 0x40000000;

/**
 * Splits a client's byte stream into complete protocol messages. Before start-up, messages are
 * untyped (length + request code); after the StartupMessage every message is typed (one type
 * byte + length). Partial messages wait for the next chunk.
 */
export class ClientMessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;
  private failed = false;

  /** Adds bytes from the socket and returns every message they complete, in order. */
  push(chunk: Buffer): ClientMessage[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const messages: ClientMessage[] = [];
    for (;;) {
      const message = this.started ? this.readTyped() : this.readUntyped();
      if (!message) break;
      messages.push(message);
      if (message.kind === 'invalid') {
        this.failed = true;
        break;
      }
    }
    return messages;
  }

  private readUntyped(): ClientMessage | undefined {
    if (this.buffer.length < 8) return undefined;
    const length = this.buffer.readInt32BE(0);
    const code = this.buffer.readInt32BE(4);
    if (length < 8 || length > 10_000) return { kind: 'invalid', reason: `invalid start-up packet length ${length}` };
    if (this.buffer.length < length) return undefined;
    const bytes = this.take(length);
    switch (code) {
      case SSL_REQUEST:
      case GSSENC_REQUEST:
        return { kind: 'encryption-request' };
      case CANCEL_REQUEST:
        return { kind: 'cancel-request' };
      case PROTOCOL_3_0:
        this.started = true;
        return { kind: 'startup', bytes };
      default:
        return { kind: 'invalid', reason: `unsupported protocol or request code ${code}` };
    }
  }

  private readTyped(): ClientMessage | undefined {
    if (this.buffer.length < 5) return undefined;
    const length = this.buffer.readInt32BE(1);
    if (length < 4 || length > MAX_MESSAGE_BYTES) return { kind: 'invalid', reason: `invalid message length ${length}` };
    if (this.buffer.length < length + 1) return undefined;
    const type = String.fromCharCode(this.buffer[0]);
    return { kind: 'typed', type, bytes: this.take(length + 1) };
  }

  /** Removes `length` bytes from the front, as a copy the caller may keep. */
  private take(length: number): Uint8Array {
    const bytes = new Uint8Array(this.buffer.subarray(0, length));
    this.buffer = this.buffer.subarray(length);
    return bytes;
  }
}

/**
 * Messages after which the client waits for an answer: Sync and Query end a request cycle with
 * ReadyForQuery; Flush asks for the output so far; CopyDone and CopyFail end a COPY FROM STDIN.
 */
const BATCH_ENDS = new Set(['S', 'Q', 'H', 'c', 'f']);

/** True when the backend must run what the client sent so far, because the client now waits for output. */
export function endsBatch(type: string): boolean {
  return BATCH_ENDS.has(type);
}

/** Sync: ends an extended-protocol cycle; after an error the backend skips messages up to it. */
export const SYNC_MESSAGE = new Uint8Array([0x53, 0, 0, 0, 4]);

/** A simple Query message for `sql`. */
export function queryMessage(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const bytes = Buffer.alloc(5 + text.length);
  bytes.write('Q', 0, 'latin1');
  bytes.writeInt32BE(4 + text.length, 1);
  text.copy(bytes, 5);
  return bytes;
}
