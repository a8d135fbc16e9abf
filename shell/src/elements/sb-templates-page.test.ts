import type { Macro, Template, User } from '@switchboard/contracts';
import { getButton, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import { moveItem, actionOf, draftOf } from '../templates/macro-draft';
import { MemoryTemplatesClient } from '../templates/memory-templates-client.fixture';
import { matchRoute } from '../navigation/routes';
import { isolateElementTests } from './element-tests.fixture';
import './sb-templates-page';

isolateElementTests();

const SUPPORT = { id: '6e5f7081-92a3-4bef-8ad1-4c5d6e7f8091', name: 'Support' };
const QUEUE = { id: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d', name: 'Support queue', fromAddress: 'support@demo.test' };
const FRAME_ID = '2b3c4d5e-6f70-4b1c-9d2e-4f5a6b7c8d9e';
const now = '2026-11-02T09:00:00.000Z';

const user = (locale: User['locale'] = 'en'): User => ({
  id: '7f608192-a3b4-4c0f-9be2-5d6e7f8091a2',
  email: 'lead@demo.test',
  name: 'Lea Lead',
  role: 'agent',
  locale,
  teams: [SUPPORT],
  queues: [QUEUE],
});

const template = (fields: Partial<Template>): Template => ({
  id: FRAME_ID,
  kind: 'frame',
  parentId: null,
  name: 'Polite frame',
  folder: 'Billing',
  language: 'en',
  body: '<p>Hello {{ contact.firstName }},</p>{{ content }}<p>Kind regards</p>',
  variables: ['contact.firstName'],
  useCount: 0,
  scope: 'team',
  ownerId: null,
  teamId: SUPPORT.id,
  canEdit: true,
  version: 1,
  createdAt: now,
  updatedAt: now,
  ...fields,
});

const macro: Macro = {
  id: '3c4d5e6f-7081-4c2d-8e3f-5a6b7c8d9eaf',
  name: 'Close as solved',
  actions: [
    { type: 'setStatus', status: 'closed' },
    { type: 'addTags', tags: ['solved'] },
  ],
  scope: 'team',
  ownerId: null,
  teamId: SUPPORT.id,
  canEdit: true,
  version: 1,
  createdAt: now,
  updatedAt: now,
};

function mount(client: MemoryTemplatesClient, locale: User['locale'] = 'en') {
  const page = document.createElement('sb-templates-page');
  Object.assign(page, { client, locale, user: user(locale) });
  document.body.append(page);
  return page;
}

const field = <T extends HTMLElement>(page: HTMLElement, selector: string) => waitFor(() => queryDeep<T>(page, selector)[0]);
const alerts = (page: HTMLElement) => queryDeep(page, '[role="alert"]').map(textOf).join(' ');

it('routes /templates to the Templates page', () => {
  expect(matchRoute('/templates/')).toEqual({ name: 'templates', path: '/templates' });
});

it('lists templates by folder with each answer under its frame, and the macros', async () => {
  const client = new MemoryTemplatesClient(
    [template({}), template({ id: '4d5e6f70-8192-4d3e-8f40-6b7c8d9eafb0', kind: 'answer', parentId: FRAME_ID, name: 'Refund approved', folder: 'Refunds' })],
    [macro],
  );
  const page = mount(client);
  const answers = await waitFor(() => queryDeep(page, 'ul[aria-label="Answers in Polite frame"] li')[0]);
  expect(textOf(answers)).toContain('Refund approved');
  expect(queryDeep(page, 'h3').map(textOf)).toEqual(['Billing']);
  expect(textOf(queryDeep(page, 'section[aria-labelledby="macros-heading"]')[0]!)).toContain('Close as solved 2 actions, My team');
});

it('creates an answer in a frame; an unknown placeholder is the body field\'s error naming it, until corrected', async () => {
  const client = new MemoryTemplatesClient([template({})]);
  const page = mount(client);
  await waitFor(() => queryDeep(page, 'h3').length);
  getButton(page, 'New template').click();
  await waitFor(() => queryDeep(page, 'h2').map(textOf).includes('New template'));
  expect(queryDeep(page, 'h2#template-editor-heading')[0]).toBe(queryDeep(page, 'sb-templates-template-editor')[0]!.shadowRoot!.activeElement);
  typeInto(await field<HTMLInputElement>(page, 'input[name="name"]'), 'Refund approved');
  typeInto(await field<HTMLInputElement>(page, 'input[name="folder"]'), 'Refunds');
  const parent = await field<HTMLSelectElement>(page, 'select[name="parent"]');
  parent.value = FRAME_ID;
  const scope = await field<HTMLSelectElement>(page, 'select[name="scope"]');
  scope.value = 'team';
  scope.dispatchEvent(new Event('change'));
  const body = await field<HTMLTextAreaElement>(page, 'textarea[name="body"]');
  body.value = '<p>Your refund for #{{ ticket.numbr }} was approved.</p>';
  getButton(page, 'Save').click();

  await waitFor(() => alerts(page).includes('Unknown placeholder “ticket.numbr”'));
  expect(body.getAttribute('aria-invalid')).toBe('true');
  expect(body.getAttribute('aria-describedby')).toContain('body-error');
  expect(client.templatesById.size).toBe(1);

  body.value = '<p>Your refund for #{{ ticket.number }} was approved.</p>';
  getButton(page, 'Save').click();
  await waitFor(() => queryDeep(page, '[role="status"]').map(textOf).includes('Saved.'));
  expect(client.writes.at(-1)).toEqual({
    kind: 'answer',
    name: 'Refund approved',
    folder: 'Refunds',
    language: 'en',
    body: '<p>Your refund for #{{ ticket.number }} was approved.</p>',
    parentId: FRAME_ID,
    scope: 'team',
  });
  expect(queryDeep(page, 'textarea[name="body"]')[0]!.getAttribute('aria-invalid')).toBe('false');
  await waitFor(() => queryDeep(page, 'ul[aria-label="Answers in Polite frame"] li').map(textOf).some((text) => text.includes('Refund approved')));
});

it('edits a macro: adds, reorders and removes actions, and saves them in the order shown with the version seen', async () => {
  const client = new MemoryTemplatesClient([], [macro]);
  const page = mount(client);
  (await waitFor(() => getButton(page, 'Close as solved'))).click();
  await waitFor(() => queryDeep(page, 'h2').map(textOf).includes('Edit macro: Close as solved'));

  getButton(page, 'Add action').click();
  const third = await field<HTMLSelectElement>(page, 'select[aria-label="Action 3: type"]');
  third.value = 'assignQueue';
  third.dispatchEvent(new Event('change'));
  await waitFor(() => queryDeep(page, 'select[aria-label="Action 3: Queue"]').length);
  getButton(page, 'Move action 3 up').click();
  getButton(page, 'Add action').click();
  const team = await field<HTMLSelectElement>(page, 'select[aria-label="Action 4: type"]');
  team.value = 'assignTeam';
  team.dispatchEvent(new Event('change'));
  await waitFor(() => queryDeep(page, 'select[aria-label="Action 4: Team"]').length);
  getButton(page, 'Add action').click();
  const fifth = await field<HTMLSelectElement>(page, 'select[aria-label="Action 5: type"]');
  fifth.value = 'addNote';
  fifth.dispatchEvent(new Event('change'));
  getButton(page, 'Save').click();
  await waitFor(() => alerts(page).includes('Fill in every action: 5 is incomplete.'));

  getButton(page, 'Remove action 5').click();
  getButton(page, 'Save').click();
  await waitFor(() => queryDeep(page, '[role="status"]').map(textOf).includes('Saved.'));
  expect(client.writes).toEqual([
    {
      version: 1,
      name: 'Close as solved',
      actions: [
        { type: 'setStatus', status: 'closed' },
        { type: 'assignQueue', queueId: QUEUE.id },
        { type: 'addTags', tags: ['solved'] },
        { type: 'assignTeam', teamId: SUPPORT.id },
      ],
    },
  ]);
});

it('shows the page in Czech', async () => {
  const page = mount(new MemoryTemplatesClient([], [macro]), 'cs');
  await waitFor(() => queryDeep(page, 'h1').map(textOf).includes('Šablony a makra'));
  expect(getButton(page, 'Nová šablona')).toBeTruthy();
  expect(textOf(page.shadowRoot!)).toContain('Akcí: 2, Můj tým');
});

it('turns drafts into actions and back, and refuses incomplete ones', () => {
  expect(actionOf({ type: 'addTags', value: ' vip, solved ,vip,', title: '' })).toEqual({ type: 'addTags', tags: ['vip', 'solved'] });
  expect(actionOf({ type: 'followUp', value: '0', title: 'Call back' })).toBeNull();
  expect(actionOf(draftOf({ type: 'followUp', inHours: 48, title: 'Call back' }))).toEqual({ type: 'followUp', inHours: 48, title: 'Call back' });
  expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
  expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
});
