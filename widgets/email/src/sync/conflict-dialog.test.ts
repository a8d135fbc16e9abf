import { createMemoryHost } from '@switchboard/widget-sdk';
import { getButton, textOf } from '@switchboard/widget-sdk/testing';
import { baseContext } from '../testing/mount';
import type { ConflictDecision, SyncConflictDialog } from './conflict-dialog';
import type { FieldConflict } from './field-merge';
import './conflict-dialog';

const conflicts: FieldConflict[] = [
  { name: 'subject', yours: 'Refund for order 7781', theirs: 'Refund approved' },
  { name: 'html', yours: '<p>Dear Jana, <strong>thanks</strong></p>', theirs: '<p>Hello Jana</p>' },
];

async function mount(locale: 'en' | 'cs' = 'en') {
  const host = createMemoryHost({ context: { ...baseContext, user: { ...baseContext.user, locale } }, serviceUrl: '/api/mail', token: 't' });
  const element = document.createElement('sb-sync-conflict-dialog');
  element.host = host;
  element.conflicts = conflicts;
  const decisions: ConflictDecision[] = [];
  let later = 0;
  element.addEventListener('sb-resolve', (event) => decisions.push((event as CustomEvent<ConflictDecision>).detail));
  element.addEventListener('sb-later', () => (later += 1));
  document.body.append(element);
  await element.updateComplete;
  return { element, decisions, later: () => later };
}

const dialogOf = (element: SyncConflictDialog) => element.shadowRoot!.querySelector('dialog')!;

/** The name given by `aria-labelledby`, looked up in the element's shadow root. */
const labelOf = (element: Element) =>
  textOf((element.getRootNode() as ShadowRoot).getElementById(element.getAttribute('aria-labelledby') ?? '')!);

afterEach(() => document.body.replaceChildren());

describe('sb-sync-conflict-dialog (T2, T3)', () => {
  it('lists each conflicting field with your value and the new one side by side, named for screen readers', async () => {
    const { element } = await mount();
    await element.open();
    const dialog = dialogOf(element);
    expect(dialog.open).toBe(true);
    expect(labelOf(dialog)).toBe('Changed in another tab or device');
    const sections = [...dialog.querySelectorAll('section')];
    expect(sections.map((section) => labelOf(section))).toEqual(['Subject', 'Message body']);
    expect(textOf(sections[0].querySelector('.yours')!)).toContain('Refund for order 7781');
    expect(textOf(sections[0].querySelector('.theirs')!)).toContain('Refund approved');
    // The body is shown as text, not markup.
    expect(textOf(sections[1].querySelector('.yours .value')!)).toBe('Dear Jana, thanks');
    expect(element.shadowRoot!.activeElement).toBe(getButton(dialog, 'Keep yours: Subject'));
  });

  it('resolves one field, or all of them either way', async () => {
    const { element, decisions } = await mount();
    await element.open();
    const dialog = dialogOf(element);
    getButton(dialog, 'Use new: Message body').click();
    getButton(dialog, 'Ignore all changes').click();
    getButton(dialog, 'Apply all changes').click();
    expect(decisions).toEqual([{ choices: { html: 'theirs' } }, { choices: {}, all: 'yours' }, { choices: {}, all: 'theirs' }]);
  });

  it('Decide later closes it and leaves the conflicts, with a note to review them; it closes itself when none are left', async () => {
    const { element, later } = await mount();
    const opener = document.createElement('button');
    document.body.append(opener);
    await element.open(opener);
    const dialog = dialogOf(element);
    getButton(dialog, 'Decide later').click();
    await element.updateComplete;
    expect(later()).toBe(1);
    expect(document.activeElement).toBe(opener);
    const review = getButton(element.shadowRoot!, 'Review changes');
    expect(textOf(element.shadowRoot!.querySelector('.pending')!)).toContain('Changed elsewhere: Subject, Message body');
    review.click();
    await element.updateComplete;
    expect(dialog.open).toBe(true);
    element.conflicts = [];
    await element.updateComplete;
    expect(dialog.open).toBe(false);
  });

  it('speaks Czech', async () => {
    const { element } = await mount('cs');
    await element.open();
    const dialog = dialogOf(element);
    expect(labelOf(dialog)).toBe('Změněno v jiné kartě nebo zařízení');
    getButton(dialog, 'Použít novou: Předmět');
    getButton(dialog, 'Ignorovat všechny změny');
    getButton(dialog, 'Použít všechny změny');
  });
});
