import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { BlobStore } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Piscina } from 'piscina';
import { isInlineImage, sniffContentType } from '../attachments/sniff';
import { INBOUND_MAX_BYTES } from './limits';
import type { InboundAttachment, MessagePart, ParsedInbound } from './parse-message';
import type { ParseOutcome } from './parse-worker';

/** A stored raw message to parse: its digest, and its bytes when the caller has them (else they are read from the blob store). */
export interface RawToParse {
  rawSha256: string;
  bytes: Buffer | null;
}

/** A message parsed, its attachments stored; or why it could not be read (the caller quarantines). */
export type ParseResult = { mail: ParsedInbound } | { unreadable: string };

/** Parses received messages off the main thread (issue 13) and stores their attachments. */
export interface InboundParser {
  /**
   * Parses a stored raw message, from `bytes` when the caller has them (else read from the blob
   * store), in a parse worker; then stores its attachments' bytes. Throws when the message
   * cannot be read (the caller quarantines) or the blob store fails.
   */
  parse(store: BlobStore, rawSha256: string, bytes: Buffer | null): Promise<ParsedInbound>;
  /**
   * Parses messages as `parse` does, several to a worker task (PARSE_TASK_MESSAGES), and answers
   * each one's result in order: a message that cannot be read, or whose bytes or attachments the
   * blob store fails on, answers why and holds up none of the others.
   */
  parseAll(store: BlobStore, messages: RawToParse[]): Promise<ParseResult[]>;
  /** Starts the workers now (the inbound SMTP listener does, as it starts), so the first messages do not wait for them. */
  start(): void;
  /** Ends the workers (after their running tasks). */
  close(): Promise<void>;
}

export interface InboundParserOptions {
  /** Parse workers (INBOUND_PARSE_THREADS; default: the cores but one, at least 1, at most 4). */
  threads?: number;
}

/**
 * The worker's module: the built `parse-worker.js` beside this file, or, when this runs from the
 * TypeScript source (tests, tsx), `parse-worker.ts` loaded through tsx in the worker.
 */
function workerModule(): { filename: string; execArgv: string[] } {
  const source = __filename.endsWith('.ts');
  return { filename: path.join(__dirname, source ? 'parse-worker.ts' : 'parse-worker.js'), execArgv: source ? ['--import', 'tsx'] : [] };
}

async function readAll(store: BlobStore, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of store.open(sha256)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function storeParts(store: BlobStore, parts: MessagePart[]): Promise<InboundAttachment[]> {
  const stored: InboundAttachment[] = [];
  for (const part of parts) {
    const put = await store.putBytes(Buffer.from(part.content.buffer, part.content.byteOffset, part.content.byteLength), { maxBytes: INBOUND_MAX_BYTES });
    const contentType = sniffContentType(put.head, put.size, part.fileName);
    stored.push({
      blobSha256: put.sha256,
      size: put.size,
      fileName: part.fileName,
      contentType,
      contentId: part.contentId,
      inline: Boolean(part.contentId) && part.related && isInlineImage(contentType),
    });
  }
  return stored;
}

/** Messages one worker task parses: one hand-over between the threads for them all. */
const PARSE_TASK_MESSAGES = 16;

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A pool of parse workers, started by `start` or at the first parse. */
export function createInboundParser(options: InboundParserOptions = {}): InboundParser {
  const threads = options.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  let pool: Piscina | null = null;
  const started = () => (pool ??= new Piscina({ ...workerModule(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 }));
  /** One worker task for `messages`; when it fails as a whole (a worker died), each message alone, so only the one that failed it answers the failure. */
  const parseTask = async (store: BlobStore, messages: RawToParse[]): Promise<ParseResult[]> => {
    let tasks: Uint8Array<ArrayBuffer>[];
    try {
      // A copy of exactly the message's bytes moves to the worker: a Buffer is often a view of a larger one (a pooled slab, a driver's read buffer), which cloning would copy whole.
      tasks = await Promise.all(messages.map(async ({ rawSha256, bytes }) => new Uint8Array(bytes ?? (await readAll(store, rawSha256)))));
    } catch (error) {
      if (messages.length === 1) return [{ unreadable: reasonOf(error) }];
      return (await Promise.all(messages.map((message) => parseTask(store, [message])))).flat();
    }
    let outcomes: ParseOutcome[];
    try {
      outcomes = (await started().run(tasks, { transferList: tasks.map((task) => task.buffer) })) as ParseOutcome[];
    } catch (error) {
      if (messages.length === 1) return [{ unreadable: reasonOf(error) }];
      return (await Promise.all(messages.map((message) => parseTask(store, [message])))).flat();
    }
    return Promise.all(
      outcomes.map(async (outcome): Promise<ParseResult> => {
        if ('unreadable' in outcome) return outcome;
        const { parts, ...parsed } = outcome.parsed;
        try {
          return { mail: { ...parsed, attachments: await storeParts(store, parts) } };
        } catch (error) {
          return { unreadable: reasonOf(error) };
        }
      }),
    );
  };
  const parseAll = async (store: BlobStore, messages: RawToParse[]): Promise<ParseResult[]> => {
    const tasks: RawToParse[][] = [];
    for (let start = 0; start < messages.length; start += PARSE_TASK_MESSAGES) tasks.push(messages.slice(start, start + PARSE_TASK_MESSAGES));
    return (await Promise.all(tasks.map((task) => parseTask(store, task)))).flat();
  };
  return {
    async parse(store, rawSha256, bytes) {
      const [result] = await parseAll(store, [{ rawSha256, bytes }]);
      if ('unreadable' in result!) throw new Error(result.unreadable);
      return result!.mail;
    },
    parseAll,
    start: () => void started(),
    close: async () => {
      await pool?.destroy();
      pool = null;
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Parses received messages in worker threads (issue 13); its workers end when the app closes. */
    inboundParser: Pick<InboundParser, 'parse' | 'parseAll' | 'start'>;
  }
}

/** Decorates `app.inboundParser`. */
export const inboundParserPlugin = fp(
  async (app: FastifyInstance, options: InboundParserOptions) => {
    const parser = createInboundParser(options);
    app.decorate('inboundParser', { parse: parser.parse, parseAll: parser.parseAll, start: parser.start });
    app.addHook('onClose', async () => parser.close());
  },
  { name: 'mail-inbound-parser' },
);
