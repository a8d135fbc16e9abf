import type { Locale } from '@switchboard/contracts';

const timeFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A time of day as HH:MM:SS (24-hour) in the agent's language, e.g. for "Saved at 14:03:09". */
export function formatTime(value: string | Date, locale: Locale): string {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'cs' ? 'cs-CZ' : 'en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(locale, format);
  }
  return format.format(typeof value === 'string' ? new Date(value) : value);
}

/** A file size for people: bytes, kB or MB (powers of 1024, one decimal), in the agent's language. */
export function formatBytes(bytes: number, locale: Locale): string {
  const number = (value: number, digits: number) =>
    value.toLocaleString(locale === 'cs' ? 'cs-CZ' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, bytes < 10 * 1024 ? 1 : 0)} kB`;
  return `${number(bytes / (1024 * 1024), 1)} MB`;
}

/** The text of an email body for people and searches: tags dropped, blocks and runs of white space one space. */
export function plainText(html: string): string {
  const spaced = html.replace(/<\/(p|div|li|h[1-6]|blockquote|tr|td)>|<br\s*\/?>/gi, '$& ');
  return (new DOMParser().parseFromString(spaced, 'text/html').body.textContent ?? '').replace(/\s+/g, ' ').trim();
}
