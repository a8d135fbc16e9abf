import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { imagesOnly, isInlineImage, NotAnImageError, sniffContentType } from './sniff';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR');
const ZIP = bytes('PK', [3, 4, 20, 0, 0, 0, 8, 0]);

describe('sniffContentType', () => {
  it.each([
    ['image/png', PNG],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
    ['image/gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['image/gif', bytes('GIF87a', [1, 0, 1, 0])],
    ['image/webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')],
    ['application/pdf', bytes('%PDF-1.7\n')],
    ['application/zip', ZIP],
    ['application/gzip', bytes([0x1f, 0x8b, 8, 0])],
    ['text/plain', Buffer.from('Hello, světe!\n')],
    ['text/plain', Buffer.from('<html><script>alert(1)</script></html>')],
    ['application/octet-stream', bytes([0x4d, 0x5a, 0x90, 0, 3, 0])],
    ['application/octet-stream', bytes([0xc3, 0x28, 0x41])],
    ['application/octet-stream', Buffer.alloc(0)],
    ['application/octet-stream', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
  ])('recognises %s', (expected, head) => {
    expect(sniffContentType(head, head.length)).toBe(expected);
  });

  it('ignores the name unless the bytes are a zip archive', () => {
    expect(sniffContentType(PNG, 100, 'evil.exe')).toBe('image/png');
    expect(sniffContentType(Buffer.from('plain words'), 11, 'x.png')).toBe('text/plain');
    expect(sniffContentType(ZIP, 100, 'letter.docx')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(sniffContentType(ZIP, 100, 'sheet.XLSX')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(sniffContentType(ZIP, 100, 'notes.odt')).toBe('application/vnd.oasis.opendocument.text');
    expect(sniffContentType(ZIP, 100, 'archive.zip')).toBe('application/zip');
  });

  it('accepts a character cut in half at the end of a head that is not the whole file', () => {
    const head = Buffer.from('kůň').subarray(0, 2);
    expect(sniffContentType(head, 1000)).toBe('text/plain');
    expect(sniffContentType(head, head.length)).toBe('application/octet-stream');
  });

  it('treats text with a NUL as binary', () => {
    expect(sniffContentType(Buffer.from('abc\u0000def'), 7)).toBe('application/octet-stream');
  });
});

describe('isInlineImage', () => {
  it('allows only the four web image types', () => {
    expect(['image/png', 'image/jpeg', 'image/gif', 'image/webp'].every(isInlineImage)).toBe(true);
    expect(['image/svg+xml', 'text/plain', 'application/pdf'].some(isInlineImage)).toBe(false);
  });
});

describe('imagesOnly', () => {
  const through = (chunks: Buffer[]) => text(Readable.from(chunks).pipe(imagesOnly()));

  it('passes an image through unchanged, even when its signature arrives in pieces', async () => {
    const chunks = [PNG.subarray(0, 3), PNG.subarray(3, 10), PNG.subarray(10), Buffer.from('rest')];
    expect(await through(chunks)).toBe(Buffer.concat(chunks).toString());
  });

  it('fails on the first bytes of anything else', async () => {
    await expect(through([Buffer.from('just some text, long enough'), Buffer.from('more')])).rejects.toBeInstanceOf(
      NotAnImageError,
    );
  });

  it('fails on a file too short to be an image', async () => {
    await expect(through([Buffer.from('hi')])).rejects.toBeInstanceOf(NotAnImageError);
  });
});
