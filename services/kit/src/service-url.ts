/**
 * The URL of `path` (`/tickets/1`) on a service whose base URL may carry a path prefix, as when
 * services reach one another through a gateway (`http://gateway/api/tickets`): `new URL(path,
 * base)` would drop the prefix.
 */
export function serviceUrl(baseUrl: string, path: string): URL {
  return new URL(`${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`);
}
