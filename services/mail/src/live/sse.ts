/** A comment line: ignored by clients, it keeps an idle connection from being closed by proxies. */
export const SSE_HEARTBEAT = ': heartbeat\n\n';

/** One server-sent event carrying `data` as JSON on one line. */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
