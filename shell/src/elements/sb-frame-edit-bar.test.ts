import { getButton, queryDeep, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import { isolateElementTests } from './element-tests.fixture';
import './sb-frame-edit-bar';
import type { ItemSetting } from '@switchboard/contracts';
import type { LayoutSettingsDetail, SbFrameEditBar } from './sb-frame-edit-bar';

isolateElementTests();

const address: ItemSetting = { key: 'url', kind: 'url', label: { en: 'Page address', cs: 'Adresa stránky' } };
const prefix: ItemSetting = { key: 'prefix', kind: 'text', label: { en: 'Order prefix', cs: 'Předpona objednávky' } };

function mount(settings: ItemSetting[], values: Record<string, unknown> = {}, locale: 'en' | 'cs' = 'en') {
  const bar = document.createElement('sb-frame-edit-bar');
  Object.assign(bar, { widget: 'page-in-page', widgetTitle: 'Page in page', locale, position: 1, count: 3, settings, values });
  document.body.append(bar);
  return bar;
}

const field = (bar: SbFrameEditBar, key: string) => waitFor(() => queryDeep<HTMLInputElement>(bar, `input[name="${key}"]`)[0]);

it('shows a labelled field for each setting the manifest declares, and tells the page what the agent saved', async () => {
  const bar = mount([address, prefix], { url: 'https://orders.example/' });
  const url = await field(bar, 'url');
  const text = await field(bar, 'prefix');
  expect([url.value, url.inputMode, url.labels?.[0]?.textContent?.trim()]).toEqual(['https://orders.example/', 'url', 'Page address']);
  expect([text.value, text.inputMode, text.labels?.[0]?.textContent?.trim()]).toEqual(['', 'text', 'Order prefix']);
  expect(queryDeep(bar, 'form')[0]?.getAttribute('aria-label')).toBe('Settings of Page in page');
  const saved: LayoutSettingsDetail[] = [];
  document.body.addEventListener('sb-layout-settings', (event) => saved.push((event as CustomEvent<LayoutSettingsDetail>).detail));
  typeInto(url, ' https://status.example/?email={{contact.email}} ');
  typeInto(text, 'OBJ-');
  getButton(bar, 'Save settings').click();
  expect(saved).toEqual([{ widget: 'page-in-page', values: { url: 'https://status.example/?email={{contact.email}}', prefix: 'OBJ-' } }]);
});

it('labels the fields in the agent’s language', async () => {
  const bar = mount([address], {}, 'cs');
  expect((await field(bar, 'url')).labels?.[0]?.textContent?.trim()).toBe('Adresa stránky');
  getButton(bar, 'Uložit nastavení');
});

it('shows the value the layout holds after a save, not the one it had', async () => {
  const bar = mount([address], { url: 'https://orders.example/' });
  const url = await field(bar, 'url');
  typeInto(url, 'https://status.example/');
  getButton(bar, 'Save settings').click();
  bar.values = { url: 'https://status.example/' };
  await bar.updateComplete;
  expect(url.value).toBe('https://status.example/');
  // A new value from the layout replaces what is left in the field.
  typeInto(url, 'https://half-typed.example');
  bar.values = { url: 'https://orders.example/' };
  await bar.updateComplete;
  expect(url.value).toBe('https://orders.example/');
});

it('has no settings for a widget whose manifest declares none', async () => {
  const bar = mount([]);
  await waitFor(() => getButton(bar, 'Hide Page in page'));
  expect(queryDeep(bar, 'input')).toEqual([]);
});

it('keeps the focus on the column button when the widget changes columns, the button now offering the way back', async () => {
  const bar = mount([]);
  const toMain = await waitFor(() => getButton(bar, 'Move Page in page to the main column'));
  toMain.focus();
  bar.region = 'main';
  await bar.updateComplete;
  expect(getButton(bar, 'Move Page in page to the side column')).toBe(toMain);
  expect(bar.shadowRoot?.activeElement).toBe(toMain);
});
