/** One server-sent event. */
export interface ServerSentEvent {
  /** `message` when the event names none. */
  event: string;
  data: string;
}

/**
 * Splits a `text/event-stream` into events as chunks arrive (the subset mail sends: `event`,
 * `data`, comments); an event is complete at its blank line, so a chunk may end anywhere.
 */
export class SseParser {
  private buffer = '';

  /** Adds a chunk; returns the events it completed. */
  feed(chunk: string): ServerSentEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events: ServerSentEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) events.push({ event, data: data.join('\n') });
    }
    return events;
  }
}
