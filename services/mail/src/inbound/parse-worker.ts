import { parseMessage, type ParsedMessage } from './parse-message';

/**
 * A parse worker's task (run by `inbound-parser.ts`'s pool in a worker thread): the raw bytes
 * arrive as a Uint8Array (structured clone), the parsed message goes back the same way.
 */
export default function parseInWorker(bytes: Uint8Array): Promise<ParsedMessage> {
  return parseMessage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
