import { median } from '../shared/median';
import type { PageLoad } from './measure';


/** Medians over the loads of one page, build and cache state. */
export interface Summary {
  ms: number;
  minMs: number;
  maxMs: number;
  /** Script requests, from the cache or not. */
  requests: number;
  /** Script requests that reached a server (200 or 304). */
  network: number;
  /** Script body bytes over the network from the shell's origin and from the widget origin. */
  shellBytes: number;
  widgetBytes: number;
  totalBytes: number;
  /** `sb:widget-ready:<name>` by widget. */
  widgetMs: Record<string, number>;
}

/** Script bytes of one load from `origin`, or under `pathPrefix` on it. */
export function bytesFrom(load: PageLoad, origin: string, pathPrefix = '/'): number {
  return load.scripts
    .filter((s) => {
      const url = new URL(s.url);
      return url.origin === origin && url.pathname.startsWith(pathPrefix);
    })
    .reduce((sum, s) => sum + s.bytes, 0);
}

/** Summarises loads; `shellOrigin` and `widgetOrigin` split the bytes (scripts from elsewhere count only in the total). */
export function summarise(loads: PageLoad[], shellOrigin: string, widgetOrigin: string): Summary {
  const widgets = Object.keys(loads[0]?.widgetMs ?? {});
  return {
    ms: median(loads.map((l) => l.ms)),
    minMs: Math.min(...loads.map((l) => l.ms)),
    maxMs: Math.max(...loads.map((l) => l.ms)),
    requests: median(loads.map((l) => l.scripts.length)),
    network: median(loads.map((l) => l.scripts.filter((s) => s.network).length)),
    shellBytes: median(loads.map((l) => bytesFrom(l, shellOrigin))),
    widgetBytes: median(loads.map((l) => bytesFrom(l, widgetOrigin))),
    totalBytes: median(loads.map((l) => l.scripts.reduce((sum, s) => sum + s.bytes, 0))),
    widgetMs: Object.fromEntries(widgets.map((w) => [w, median(loads.map((l) => l.widgetMs[w] ?? NaN))])),
  };
}

/**
 * Script URLs one load downloaded more than once: a preloaded entry that the script tag did not
 * reuse (other integrity or CORS mode) shows here.
 */
export function downloadedTwice(load: PageLoad): string[] {
  const seen = new Map<string, number>();
  for (const script of load.scripts) if (script.network) seen.set(script.url, (seen.get(script.url) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([url]) => url);
}

/**
 * The median of the per-run ratios `a[i] / b[i]`: each run loads both builds back to back, so a
 * drift of the machine's load between runs cancels out of each ratio (the ratio of the medians
 * alone mixes loads of different runs).
 */
export function pairedRatio(a: number[], b: number[]): string {
  return median(a.map((value, i) => value / b[i]!)).toFixed(2);
}

/** Bytes as KiB with one decimal. */
export const kib = (bytes: number): string => (bytes / 1024).toFixed(1);

/** A ratio with two decimals, `-` when the divisor is 0. */
export const ratio = (a: number, b: number): string => (b === 0 ? '-' : (a / b).toFixed(2));

/** A signed difference, e.g. `+12` or `-3`. */
export const signed = (value: number, digits = 0): string => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
