/** The element that holds focus, looking into shadow roots. */
export function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement as HTMLElement | null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
  return active;
}

/** Moves `node` before `before` keeping its state where the browser can (`moveBefore`: iframes do not reload). */
export function place(parent: Element | ShadowRoot, node: Element, before: Element | null): void {
  const atomic = (parent as (Element | ShadowRoot) & { moveBefore?: (node: Node, child: Node | null) => void }).moveBefore;
  if (atomic && node.isConnected && parent.isConnected) {
    try {
      atomic.call(parent, node, before);
      return;
    } catch {
      // Not movable atomically (e.g. another document): an ordinary insert below.
    }
  }
  parent.insertBefore(node, before);
}
