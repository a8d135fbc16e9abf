import type { WidgetManifest } from '@switchboard/contracts';
import { invalidBuild } from '../errors';
import { parseFederationManifest, parseWidgetManifest, type ExpectedBuild } from './build-manifests';
import { sha384Integrity } from './integrity';

/** Limits on fetching a build registered by URL. */
export interface FetchLimits {
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

/** GETs a URL with a timeout and a size cap; any failure is 400 INVALID_BUILD. Returns the final URL and body. */
async function fetchBytes(url: URL, maxBytes: number, timeoutMs: number): Promise<{ url: URL; body: Buffer }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidBuild(`${url.href} is not an http(s) URL`);
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch {
    throw invalidBuild(`GET ${url.href}: ${signal.aborted ? `no answer within ${timeoutMs} ms` : 'request failed'}`);
  }
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
  return { url: new URL(response.url || url.href), body: Buffer.concat(chunks) };
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
  const widget = await fetchBytes(resolveUrl(manifestUrl, manifestUrl), limits.maxManifestBytes, limits.timeoutMs);
  const manifest = parseWidgetManifest(widget.body, expected);
  const federationUrl = resolveUrl(manifest.entry, widget.url);
  const federation = await fetchBytes(federationUrl, limits.maxManifestBytes, limits.timeoutMs);
  const remote = parseFederationManifest(federation.body, federationUrl.href);
  const base = remote.publicPath ? resolveUrl(remote.publicPath.replace(/\/*$/, '/'), federation.url) : federation.url;
  const entryUrl = resolveUrl(remote.relativePath, base);
  const entry = await fetchBytes(entryUrl, limits.maxEntryBytes, limits.timeoutMs);
  return { manifest, entryUrl: entryUrl.href, integrity: await sha384Integrity(entry.body) };
}
