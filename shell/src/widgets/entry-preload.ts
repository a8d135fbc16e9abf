import type { FramePlan } from '../layout/frame-plan';

/**
 * Starts fetching the `remoteEntry.js` of every widget the page will mount at once, while the
 * shell is still rendering the frames: `<link rel="preload" as="script">` with the integrity the
 * registry recorded and `crossorigin="anonymous"`, the same as the script the integrity plugin
 * (`federation.ts`) creates, so the browser reuses the preloaded response instead of fetching it
 * a second time. Collapsed widgets (mounted only when expanded), dev overrides (no integrity) and
 * untrusted widgets (their sandboxed iframe loads the entry itself) are left out. A URL already
 * preloaded in this document is not added again.
 */
export function preloadEntries(plans: readonly FramePlan[], doc: Document = document): void {
  for (const plan of plans) {
    const { source } = plan;
    if (source.kind !== 'registry' || plan.collapsed) continue;
    const { entryUrl, integrity, manifest } = source.widget;
    if (!integrity || manifest.untrusted) continue;
    const preloaded = [...doc.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"]')].some((link) => link.href === entryUrl);
    if (preloaded) continue;
    const link = doc.createElement('link');
    link.rel = 'preload';
    link.as = 'script';
    link.href = entryUrl;
    link.integrity = integrity;
    link.crossOrigin = 'anonymous';
    doc.head.append(link);
  }
}
