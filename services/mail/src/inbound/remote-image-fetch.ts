import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { isInlineImage, sniffContentType } from '../attachments/sniff';

/** How remote images of received emails are fetched for the agent (issue 13). */
export interface RemoteImageOptions {
  /** Loopback and private networks too (tests with a local image server); never in production. */
  allowPrivateAddresses?: boolean;
  /** Largest image, in bytes (default 5 MB). */
  maxBytes?: number;
  /** Longest wait for one image, in ms (default 10 s). */
  timeoutMs?: number;
}

/** An image fetched for the agent. */
export interface FetchedImage {
  /** Sniffed from the bytes: PNG, JPEG, GIF or WebP, never the sender's label. */
  contentType: string;
  bytes: Buffer;
}

/** Why an image could not be fetched; the message says what the sender's server did. */
export class RemoteImageError extends Error {}

/** Addresses a sender's image may never point mail at: its own host, private and special networks. */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(network, prefix, 'ipv4');
// IPv4-mapped IPv6 addresses are checked against the IPv4 networks above by BlockList itself.
for (const [network, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2002::', 16]] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** Whether mail may connect to this address (an IPv4 or IPv6 literal). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && !PRIVATE.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses names resolving to a private address, checked on the address actually connected to. */
function publicLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(Object.assign(new Error(`${hostname} is a private address`), { code: 'EPRIVATE' }), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

const MAX_REDIRECTS = 3;

function get(url: URL, options: Required<RemoteImageOptions>): Promise<IncomingMessage> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new RemoteImageError(`${url.protocol} is not http(s)`));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateAddresses && isIP(host) && !isPublicAddress(host)) return Promise.reject(new RemoteImageError(`${host} is a private address`));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, {
      ...(options.allowPrivateAddresses ? {} : { lookup: publicLookup }),
      headers: { accept: 'image/*', 'user-agent': 'Switchboard-mail' },
      timeout: options.timeoutMs,
    });
    request.once('response', resolve);
    request.once('timeout', () => request.destroy(new RemoteImageError('timed out')));
    request.once('error', (error) => reject(error instanceof RemoteImageError ? error : new RemoteImageError(error.message)));
  });
}

async function readAtMost(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.destroy();
      throw new RemoteImageError(`larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Fetches a sender's image for the agent: http(s) only, never to a private address (checked on
 * every redirect and on the address connected to), at most `maxBytes`, and only bytes that are
 * an image the browser may show inline. Throws RemoteImageError otherwise.
 */
export async function fetchRemoteImage(address: string, options: RemoteImageOptions = {}): Promise<FetchedImage> {
  const settings = { allowPrivateAddresses: false, maxBytes: 5 * 1024 * 1024, timeoutMs: 10_000, ...options };
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new RemoteImageError('not a URL');
  }
  for (let redirects = 0; ; redirects += 1) {
    const response = await get(url, settings);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (redirects >= MAX_REDIRECTS) throw new RemoteImageError('too many redirects');
      url = new URL(response.headers.location, url);
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new RemoteImageError(`answered ${status}`);
    }
    const bytes = await readAtMost(response, settings.maxBytes);
    const contentType = sniffContentType(bytes.subarray(0, 64), bytes.length);
    if (!isInlineImage(contentType)) throw new RemoteImageError('not an image');
    return { contentType, bytes };
  }
}
