/**
 * DOM helpers for a widget's tests (`@switchboard/widget-sdk/testing`): they look into open
 * shadow roots as assistive technology does, and act as a person would.
 */

/** Every element under `root`, looking into open shadow roots. */
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

/** Text of a node, shadow content included, whitespace collapsed. */
export function textOf(node: Node): string {
  const parts: string[] = [];
  const walk = (current: Node) => {
    if (current.nodeType === Node.TEXT_NODE) parts.push(current.textContent ?? '');
    const children = current instanceof Element && current.shadowRoot ? current.shadowRoot.childNodes : current.childNodes;
    children.forEach(walk);
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** The accessible name from aria-label, or from the content. */
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

/** The control a `<label>` with exactly this text points at (in the label's own root). */
export function getByLabel<T extends HTMLElement = HTMLInputElement>(root: ParentNode, text: string): T {
  const label = queryDeep<HTMLLabelElement>(root, 'label').find((candidate) => textOf(candidate) === text);
  const control = label && (label.getRootNode() as ParentNode).querySelector(`#${label.htmlFor}`);
  if (!control) throw new Error(`No control labelled "${text}"`);
  return control as T;
}

/** The one element with this role whose aria-label or text contains `text` (any, without it). */
export function getByRole(root: ParentNode, role: string, text?: string | RegExp): HTMLElement {
  const matches = queryDeep(root, `[role="${role}"]`).filter((element) => {
    if (text === undefined) return true;
    const content = `${element.getAttribute('aria-label') ?? ''} ${textOf(element)}`;
    return typeof text === 'string' ? content.includes(text) : text.test(content);
  });
  if (matches.length !== 1) throw new Error(`${matches.length} elements with role ${role} and ${String(text)}`);
  return matches[0];
}

/** Polls until `probe` returns something truthy (rendering is async), or fails after `timeoutMs`. */
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

/** Types `value` into an input as a person would: sets it and fires `input`. */
export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Presses a key on an element (keydown only). */
export function press(element: Element, key: string, init: KeyboardEventInit = {}): void {
  element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init }));
}
