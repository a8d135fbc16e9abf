/** @jest-environment @happy-dom/jest-environment */
import { getButton, getByLabel, getByRole, press, queryDeep, textOf, typeInto, waitFor } from './testing';

/** A host element whose open shadow root holds `html`, appended to `parent`. */
function shadowHost(parent: ParentNode, html: string): HTMLElement {
  const host = document.createElement('div');
  host.attachShadow({ mode: 'open' }).innerHTML = html;
  parent.append(host);
  return host;
}

afterEach(() => document.body.replaceChildren());

describe('widget-sdk testing helpers', () => {
  it('query and read text through nested shadow roots', () => {
    const outer = shadowHost(document.body, '<p>Outer</p>');
    shadowHost(outer.shadowRoot as ShadowRoot, '<button aria-label="Close panel">×</button><p>Inner   text</p>');

    expect(queryDeep(document.body, 'p').map(textOf)).toEqual(['Outer', 'Inner text']);
    expect(textOf(document.body)).toBe('Outer×Inner text');
    expect(getButton(document.body, 'Close panel').textContent).toBe('×');
    expect(getButton(document.body, /close/i).getAttribute('aria-label')).toBe('Close panel');
  });

  it('names the buttons there are when none matches', () => {
    shadowHost(document.body, '<button>Save</button><button aria-label="Discard draft">🗑</button>');

    expect(() => getButton(document.body, 'Send')).toThrow('0 buttons named Send; names: Save | Discard draft');
  });

  it('finds a control by its label inside the label’s shadow root', () => {
    shadowHost(document.body, '<label for="subject">Subject</label><input id="subject" type="text" />');

    expect(getByLabel(document.body, 'Subject').id).toBe('subject');
    expect(() => getByLabel(document.body, 'To')).toThrow('No control labelled "To"');
  });

  it('finds the one element with a role by its text or aria-label', () => {
    shadowHost(document.body, '<div role="alert">Could not save</div><div role="status" aria-label="Saved"></div>');

    expect(getByRole(document.body, 'alert').textContent).toBe('Could not save');
    expect(getByRole(document.body, 'status', 'Saved').getAttribute('role')).toBe('status');
    expect(() => getByRole(document.body, 'alert', /sent/)).toThrow('0 elements with role alert and /sent/');
  });

  it('types and presses keys with events that leave the shadow root', () => {
    const host = shadowHost(document.body, '<input type="text" />');
    const input = queryDeep<HTMLInputElement>(host, 'input')[0];
    const seen: string[] = [];
    host.addEventListener('input', () => seen.push(`input:${input.value}`));
    host.addEventListener('keydown', (event) => seen.push(`keydown:${(event as KeyboardEvent).key}`));

    typeInto(input, 'hello');
    press(input, 'Enter', { shiftKey: true });

    expect(seen).toEqual(['input:hello', 'keydown:Enter']);
  });

  it('waits for a truthy value and rethrows the last error on timeout', async () => {
    let calls = 0;
    await expect(waitFor(() => ++calls >= 3 && 'ready')).resolves.toBe('ready');
    await expect(
      waitFor(() => {
        throw new Error('not rendered');
      }, 30),
    ).rejects.toThrow('not rendered');
  });
});
