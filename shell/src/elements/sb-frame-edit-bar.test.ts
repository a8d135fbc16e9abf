import { getButton, queryDeep, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import { isolateElementTests } from './element-tests.fixture';
import './sb-frame-edit-bar';
import type { LayoutUrlDetail } from './sb-frame-edit-bar';

isolateElementTests();

function mount(url: string | undefined) {
  const bar = document.createElement('sb-frame-edit-bar');
  Object.assign(bar, { widget: 'page-in-page', widgetTitle: 'Page in page', locale: 'en', position: 1, count: 3, url });
  document.body.append(bar);
  return bar;
}

it('offers the address of a widget that shows one, and tells the page what the agent saved', async () => {
  const bar = mount('https://orders.example/');
  const input = await waitFor(() => queryDeep<HTMLInputElement>(bar, 'input[name="url"]')[0]);
  expect(input.value).toBe('https://orders.example/');
  expect(input.labels?.[0]?.textContent).toContain('Address shown in Page in page');
  const saved: LayoutUrlDetail[] = [];
  document.body.addEventListener('sb-layout-url', (event) => saved.push((event as CustomEvent<LayoutUrlDetail>).detail));
  typeInto(input, 'https://status.example/?email={{contact.email}}');
  getButton(bar, 'Save address').click();
  expect(saved).toEqual([{ widget: 'page-in-page', url: 'https://status.example/?email={{contact.email}}' }]);
});

it('has no address field for a widget that shows none', async () => {
  const bar = mount(undefined);
  await waitFor(() => getButton(bar, 'Hide Page in page'));
  expect(queryDeep(bar, 'input')).toEqual([]);
});
