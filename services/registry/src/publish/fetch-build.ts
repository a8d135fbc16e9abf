import type { WidgetManifest } from '@switchboard/contracts';
import { fetchOriginNotAllowed, invalidBuild } from '../errors';
import { parseFederationManifest, parseWidgetManifest, type ExpectedBuild } from './build-manifests';
import { sha384Integrity } from './integrity';

/** Limits on fetching a build registered by URL. */
export interface FetchLimits {
  /**
   * Origins (`https://cdn.example.com`) the registry may fetch from; every request and redirect
   * is checked, so an admin cannot make the registry read internal addresses. Empty: none.
   */
  allowedOrigins: ReadonlySet<string>;
  /** Longest wait for each of the three requests, in ms. */
  timeoutMs: number;
  /** Largest manifest read, in bytes. */
  maxManifestBytes: number;
  /** Largest remote entry hashed, in bytes. */
  maxEntryBytes: number;
}

/** What the registry records of a build served elsewhere. */
export interface FetchedBuild {
  manifest: WidgetManifest;
  /** Absolute URL of the remote entry script. */
  entryUrl: string;
  integrity: string;
}

/** Redirects followed per request, each to an allowed origin. */
const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** GETs a URL from an allowed origin, following redirects only to allowed origins; a network failure is 400 INVALID_BUILD. */
async function fetchAllowed(url: URL, limits: FetchLimits, signal: AbortSignal): Promise<{ url: URL; response: Response }> {
  for (let hops = 0; ; hops++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidBuild(`${url.href} is not an http(s) URL`);
    if (!limits.allowedOrigins.has(url.origin)) throw fetchOriginNotAllowed(url.origin);
    let response: Response;
    try {
      response = await fetch(url, { signal, redirect: 'manual' });
    } catch {
      throw invalidBuild(`GET ${url.href}: ${signal.aborted ? `no answer within ${limits.timeoutMs} ms` : 'request failed'}`);
    }
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || !location) return { url, response };
    await response.body?.cancel();
    if (hops === MAX_REDIRECTS) throw invalidBuild(`GET ${url.href}: more than ${MAX_REDIRECTS} redirects`);
    url = resolveUrl(location, url);
  }
}

/** GETs a URL with a timeout and a size cap; any failure is 400 INVALID_BUILD. Returns the final URL and body. */
async function fetchBytes(requested: URL, maxBytes: number, limits: FetchLimits): Promise<{ url: URL; body: Buffer }> {
  const { url, response } = await fetchAllowed(requested, limits, AbortSignal.timeout(limits.timeoutMs));
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw invalidBuild(`GET ${url.href} answered ${response.status}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.length;
      if (size > maxBytes) break;
      chunks.push(Buffer.from(read.value));
    }
  } catch {
    throw invalidBuild(`GET ${url.href}: the body could not be read`);
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  if (size > maxBytes) throw invalidBuild(`${url.href} is larger than ${maxBytes} bytes`);
  return { url, body: Buffer.concat(chunks) };
}

/** Resolves a reference against a base URL; an unparsable one is 400 INVALID_BUILD. */
function resolveUrl(reference: string, base: URL | string): URL {
  try {
    return new URL(reference, base);
  } catch {
    throw invalidBuild(`"${reference}" is not a valid URL`);
  }
}

/**
 * Registers a build by the URL of its widget.json: fetches and validates it, fetches the
 * federation manifest it names (relative to widget.json), then the remote entry, and hashes it.
 */
export async function fetchBuild(manifestUrl: string, expected: ExpectedBuild, limits: FetchLimits): Promise<FetchedBuild> {
  const widget = await fetchBytes(resolveUrl(manifestUrl, manifestUrl), limits.maxManifestBytes, limits);
  const manifest = parseWidgetManifest(widget.body, expected);
  const federationUrl = resolveUrl(manifest.entry, widget.url);
  const federation = await fetchBytes(federationUrl, limits.maxManifestBytes, limits);
  const remote = parseFederationManifest(federation.body, federationUrl.href);
  const base = remote.publicPath ? resolveUrl(remote.publicPath.replace(/\/*$/, '/'), federation.url) : federation.url;
  const entryUrl = resolveUrl(remote.relativePath, base);
  const entry = await fetchBytes(entryUrl, limits.maxEntryBytes, limits);
  return { manifest, entryUrl: entryUrl.href, integrity: await sha384Integrity(entry.body) };
}
