import { Transform } from 'node:stream';

/** What an upload is labelled when its bytes match nothing known. */
export const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

/** Image types an email body may show inline (`cid:`) and a browser may render. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Bytes enough to recognise every image signature (WebP needs 12). */
const IMAGE_SIGNATURE_BYTES = 12;

const startsWith = (bytes: Buffer, signature: string | number[], offset = 0) => {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return bytes.length >= offset + expected.length && bytes.subarray(offset, offset + expected.length).equals(expected);
};

/** Magic numbers, first match wins. */
const SIGNATURES: Array<[type: string, matches: (bytes: Buffer) => boolean]> = [
  ['image/png', (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', (b) => startsWith(b, [0xff, 0xd8, 0xff])],
  ['image/gif', (b) => startsWith(b, 'GIF87a') || startsWith(b, 'GIF89a')],
  ['image/webp', (b) => startsWith(b, 'RIFF') && startsWith(b, 'WEBP', 8)],
  ['application/pdf', (b) => startsWith(b, '%PDF-')],
  ['application/zip', (b) => startsWith(b, 'PK\x03\x04') || startsWith(b, 'PK\x05\x06') || startsWith(b, 'PK\x07\x08')],
  ['application/gzip', (b) => startsWith(b, [0x1f, 0x8b])],
];

/**
 * Office documents are zip archives; their bytes say "zip", so the extension picks which
 * one. Only ever applied to bytes that already sniffed as zip.
 */
const ZIP_DOCUMENTS: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

/** Valid UTF-8 without NUL bytes; a head cut short may end inside a character. */
function looksLikeText(head: Buffer, truncated: boolean): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: truncated });
    return true;
  } catch {
    return false;
  }
}

/**
 * The content type of an upload from its first bytes (the blob store's `head`), never from
 * what the client claimed: png, jpeg, gif, webp, pdf, zip (docx, xlsx, pptx and OpenDocument
 * by their extension), gzip, plain text, else application/octet-stream.
 */
export function sniffContentType(head: Buffer, size: number, fileName = ''): string {
  const match = SIGNATURES.find(([, matches]) => matches(head));
  if (match) {
    const extension = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
    return match[0] === 'application/zip' ? (ZIP_DOCUMENTS[extension] ?? match[0]) : match[0];
  }
  return looksLikeText(head, size > head.length) ? 'text/plain' : FALLBACK_CONTENT_TYPE;
}

/** Whether a sniffed type may be shown inline in the body and in a browser. */
export function isInlineImage(contentType: string): boolean {
  return IMAGE_TYPES.has(contentType);
}

/** Raised by `imagesOnly` when the first bytes are not an image. */
export class NotAnImageError extends Error {
  constructor() {
    super('Inline images must be PNG, JPEG, GIF or WebP');
  }
}

/**
 * A pass-through that fails as soon as its first bytes show the stream is not an image, so a
 * non-image inline upload is refused before it is stored.
 */
export function imagesOnly(): Transform {
  let seen = Buffer.alloc(0);
  let decided = false;
  const decide = () => {
    decided = true;
    return isInlineImage(sniffContentType(seen, seen.length)) ? null : new NotAnImageError();
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!decided) {
        seen = Buffer.concat([seen, chunk.subarray(0, IMAGE_SIGNATURE_BYTES - seen.length)]);
        if (seen.length >= IMAGE_SIGNATURE_BYTES) {
          const error = decide();
          if (error) return callback(error);
        }
      }
      callback(null, chunk);
    },
    flush(callback) {
      callback(decided ? null : decide());
    },
  });
}
