import { navigateToUrl } from 'single-spa';

/** Goes to a shell route in the current browser tab (pushes a history entry). */
export function navigate(path: string): void {
  navigateToUrl(path);
}

/** Swaps the current history entry for another route, e.g. `/emails/new` for its fresh id. */
export function replaceRoute(path: string): void {
  window.history.replaceState(window.history.state, '', path);
}

/** Click handler of in-app links: plain clicks route inside the shell, modified ones open a browser tab. */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const href = (event.currentTarget as HTMLAnchorElement).getAttribute('href');
  if (!href) return;
  event.preventDefault();
  navigate(href);
}
