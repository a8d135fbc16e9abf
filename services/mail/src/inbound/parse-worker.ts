import { parseMessage, type ParsedMessage } from './parse-message';

/** What a parse worker answers for one message: the parsed message, or why it could not be read. */
export type ParseOutcome = { parsed: ParsedMessage } | { unreadable: string };

/**
 * A parse worker's task (run by `inbound-parser.ts`'s pool in a worker thread): the raw bytes of
 * one or more messages arrive as Uint8Arrays (moved, not copied), each message's outcome goes
 * back the same way, in order. One task for several messages costs one hand-over between the
 * threads instead of one each.
 */
export default async function parseInWorker(messages: Uint8Array[]): Promise<ParseOutcome[]> {
  const outcomes: ParseOutcome[] = [];
  for (const bytes of messages) {
    try {
      outcomes.push({ parsed: await parseMessage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) });
    } catch (error) {
      outcomes.push({ unreadable: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
