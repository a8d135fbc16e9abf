import type { PageWidget } from '@switchboard/contracts';
import type { FramePlan } from '../layout/frame-plan';

/**
 * The registry widgets of a page whose entries are worth preloading: the top widget of each column
 * that is not collapsed, in view on any window, so it mounts at once. Widgets further down may be
 * below the fold and mount only when scrolled to: a preload they do not use within seconds would
 * only take bandwidth from the Email widget (and Chromium warns about it). Collapsed widgets
 * (mounted only when expanded), dev overrides (loaded from the developer's manifest, no integrity)
 * and untrusted widgets (their sandboxed iframe loads the entry itself) are never preloaded.
 */
export function widgetsToPreload(plans: readonly FramePlan[]): PageWidget[] {
  const tops = new Set<FramePlan['region']>();
  return plans.flatMap((plan) => {
    if (plan.collapsed || tops.has(plan.region)) return [];
    tops.add(plan.region);
    const { source } = plan;
    if (source.kind !== 'registry') return [];
    const { integrity, manifest } = source.widget;
    return integrity && !manifest.untrusted ? [source.widget] : [];
  });
}

/**
 * Starts downloading a remote's entry script: `<link rel="preload" as="script">` with its
 * integrity and `crossorigin="anonymous"`, exactly as the integrity plugin (`federation.ts`)
 * creates the script later, so the browser hands that script the preloaded response instead of
 * fetching it again. A URL already preloaded in this document is not added again.
 */
export function preloadScript(url: string, integrity: string, doc: Document = document): void {
  const links = doc.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"]');
  if ([...links].some((link) => link.href === url)) return;
  const link = doc.createElement('link');
  link.rel = 'preload';
  link.as = 'script';
  link.href = url;
  link.integrity = integrity;
  link.crossOrigin = 'anonymous';
  doc.head.append(link);
}
