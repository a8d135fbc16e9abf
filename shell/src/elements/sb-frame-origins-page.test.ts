import { frameOriginProblem, type FrameOrigin, type FrameOriginList, type User } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { getButton, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import { FRAME_ORIGINS_PATH, isTabRoute, matchRoute } from '../navigation/routes';
import { isolateElementTests } from './element-tests.fixture';
import './sb-frame-origins-page';
import type { FrameOriginsSource } from './sb-frame-origins-page';

isolateElementTests();

/** The registry's allowlist in memory, with its check. */
class MemoryFrameOrigins implements FrameOriginsSource {
  items: FrameOrigin[] = [{ origin: 'https://status.example', addedAt: '2026-12-01T10:00:00.000Z' }];
  async list(): Promise<FrameOriginList> {
    return { items: this.items };
  }
  async add(origin: string): Promise<FrameOriginList> {
    const problem = frameOriginProblem(origin);
    if (problem) throw new ApiError(400, 'INVALID_FRAME_ORIGIN', `Not an https origin to frame: ${problem}`);
    this.items = [...this.items, { origin, addedAt: '2026-12-05T10:00:00.000Z' }].sort((a, b) => a.origin.localeCompare(b.origin));
    return this.list();
  }
  async remove(origin: string): Promise<FrameOriginList> {
    this.items = this.items.filter((item) => item.origin !== origin);
    return this.list();
  }
}

const user = (role: User['role']): User => ({ id: 'u1', email: 'a@demo.test', name: 'A', role, locale: 'en', teams: [], queues: [] });

function mount(role: User['role'], source = new MemoryFrameOrigins()) {
  const page = document.createElement('sb-frame-origins-page');
  Object.assign(page, { user: user(role), locale: 'en', source });
  document.body.append(page);
  return Object.assign(page, { memory: source });
}

const listed = (page: HTMLElement) => queryDeep(page, 'li span').map(textOf);

it('is a closable tab at /admin/frame-origins', () => {
  expect(matchRoute(`${FRAME_ORIGINS_PATH}/`)).toEqual({ name: 'frame-origins', path: FRAME_ORIGINS_PATH });
  expect(isTabRoute(matchRoute(FRAME_ORIGINS_PATH))).toBe(true);
});

it('lets an administrator allow an https site and stop allowing one, and says why a site is refused', async () => {
  const page = mount('admin');
  await waitFor(() => listed(page).length === 1);
  const input = queryDeep<HTMLInputElement>(page, 'input[name="origin"]')[0]!;
  typeInto(input, 'http://orders.example');
  getButton(page, 'Allow site').click();
  const alert = await waitFor(() => queryDeep(page, '[role="alert"]')[0]);
  expect(textOf(alert)).toContain('only https origins may be framed');
  expect(page.memory.items).toHaveLength(1);

  typeInto(input, 'https://orders.example');
  getButton(page, 'Allow site').click();
  await waitFor(() => listed(page).join(' ') === 'https://orders.example https://status.example');
  expect(queryDeep(page, '[role="alert"]')).toEqual([]);
  expect(queryDeep(page, '[role="status"]').map(textOf).join(' ')).toContain('https://orders.example is allowed.');
  expect(input.value).toBe('');

  getButton(page, 'Stop allowing https://status.example').click();
  await waitFor(() => listed(page).join(' ') === 'https://orders.example');
  expect(page.memory.items.map((item) => item.origin)).toEqual(['https://orders.example']);
});

it('shows the list to others without a way to change it', async () => {
  const page = mount('agent');
  await waitFor(() => listed(page).length === 1);
  expect(queryDeep(page, 'input, button')).toEqual([]);
  expect(textOf(page.shadowRoot!.querySelector('p.muted')!)).toBe('Only an administrator can change which sites are shown.');
});
