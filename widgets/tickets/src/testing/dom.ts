/** Every element under `root`, looking into open shadow roots as assistive technology does. */
export function allElements(root: ParentNode): Element[] {
  const found: Element[] = [];
  const visit = (element: Element) => {
    found.push(element);
    if (element.shadowRoot) element.shadowRoot.querySelectorAll('*').forEach(visit);
  };
  if (root instanceof Element && root.shadowRoot) root.shadowRoot.querySelectorAll('*').forEach(visit);
  root.querySelectorAll('*').forEach(visit);
  return found;
}

/** Elements matching `selector` anywhere under `root`, shadow roots included. */
export function queryDeep<T extends Element = HTMLElement>(root: ParentNode, selector: string): T[] {
  return allElements(root).filter((element) => element.matches(selector)) as T[];
}

/** Visible text of an element, shadow content included, with whitespace collapsed. */
export function textOf(node: Node): string {
  const parts: string[] = [];
  const walk = (current: Node) => {
    if (current.nodeType === 3) parts.push(current.textContent ?? '');
    const children = current instanceof Element && current.shadowRoot ? current.shadowRoot.childNodes : current.childNodes;
    children.forEach(walk);
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** The accessible name of a button as computed from aria-label or its content. */
export function accessibleName(element: Element): string {
  return (element.getAttribute('aria-label') ?? textOf(element)).replace(/\s+/g, ' ').trim();
}

/** The one button whose accessible name matches, or an error listing the names there are. */
export function getButton(root: ParentNode, name: string | RegExp): HTMLButtonElement {
  const buttons = queryDeep<HTMLButtonElement>(root, 'button');
  const matches = buttons.filter((button) => {
    const actual = accessibleName(button);
    return typeof name === 'string' ? actual === name : name.test(actual);
  });
  if (matches.length !== 1) {
    throw new Error(`${matches.length} buttons named ${String(name)}; names: ${buttons.map(accessibleName).join(' | ')}`);
  }
  return matches[0];
}

/** The input, select or textarea a `<label>` with this text points at. */
export function getByLabel<T extends HTMLElement = HTMLInputElement>(root: ParentNode, text: string): T {
  const label = queryDeep<HTMLLabelElement>(root, 'label').find((candidate) => textOf(candidate) === text);
  const control = label && (label.getRootNode() as ParentNode).querySelector(`#${label.htmlFor}`);
  if (!control) throw new Error(`No control labelled "${text}"`);
  return control as T;
}

/** Polls until `probe` returns a truthy value (re-rendering is async), or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T, timeoutMs = 2000): Promise<NonNullable<T>> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = probe();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) throw lastError ?? new Error('waitFor timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
