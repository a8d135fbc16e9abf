import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileBlobStore, type BlobStore } from '@switchboard/service-kit';
import { createInboundParser, type InboundParser } from './inbound-parser';
import { rawMessage } from './inbound-test-kit';

let dir: string;
let store: BlobStore;
let parser: InboundParser;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sb-inbound-parser-'));
  store = createFileBlobStore(dir);
  parser = createInboundParser({ threads: 1 });
});

afterAll(async () => {
  await parser?.close();
  await rm(dir, { recursive: true, force: true });
});

const message = (subject: string) => Buffer.from(rawMessage({ to: 'support@parser.test', subject, messageId: `<${subject.replaceAll(' ', '-')}@example.net>` }));

describe('inbound parser', () => {
  it('parses many messages in worker tasks of several, each result in order, from bytes or from the blob store', async () => {
    const messages = Array.from({ length: 40 }, (_, n) => message(`Printer ${n}`));
    const stored = await store.putBytes(messages[7]!, { maxBytes: messages[7]!.length });
    const results = await parser.parseAll(
      store,
      messages.map((bytes, n) => ({ rawSha256: createHash('sha256').update(bytes).digest('hex'), bytes: n === 7 ? null : bytes })),
    );
    expect(stored.sha256).toBe(createHash('sha256').update(messages[7]!).digest('hex'));
    expect(results.map((result) => ('mail' in result ? result.mail.subject : result.unreadable))).toEqual(messages.map((_bytes, n) => `Printer ${n}`));
  });

  it('answers why one message could not be read, and parses the others of its task', async () => {
    const missing = createHash('sha256').update('never stored').digest('hex');
    const results = await parser.parseAll(store, [
      { rawSha256: 'a', bytes: message('Before') },
      { rawSha256: missing, bytes: null },
      { rawSha256: 'b', bytes: message('After') },
    ]);
    expect(results).toEqual([
      { mail: expect.objectContaining({ subject: 'Before' }) },
      { unreadable: expect.any(String) },
      { mail: expect.objectContaining({ subject: 'After' }) },
    ]);
    await expect(parser.parse(store, missing, null)).rejects.toThrow();
  });
});
