import type { DevMailAddress, Locale, MailAddress } from '@switchboard/contracts';

/** `Name <address>`, or the bare address without a name. */
export function formatAddress(address: DevMailAddress | MailAddress): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

/** Addresses joined by commas. */
export function formatAddresses(addresses: ReadonlyArray<DevMailAddress | MailAddress>): string {
  return addresses.map(formatAddress).join(', ');
}

/** A byte count in the agent's language: `512 B`, `12.5 kB`, `3.1 MB` (`12,5 kB` in Czech). */
export function formatBytes(bytes: number, locale: Locale): string {
  const number = new Intl.NumberFormat(locale === 'cs' ? 'cs-CZ' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1000) return `${number.format(bytes)} B`;
  if (bytes < 1_000_000) return `${number.format(bytes / 1000)} kB`;
  return `${number.format(bytes / 1_000_000)} MB`;
}
