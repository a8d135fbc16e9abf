import type { Article, User } from '@switchboard/contracts';
import { getButton, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import { MemoryKbClient } from '../kb/memory-kb-client.fixture';
import { kbArticlePath, matchRoute } from '../navigation/routes';
import { TabStore } from '../navigation/tab-store';
import type { ShellServices } from '../shell-services';
import { memoryStorage } from '../widgets/memory-storage.fixture';
import { isolateElementTests } from './element-tests.fixture';
import './sb-kb-article-page';
import './sb-kb-home-page';

isolateElementTests();

const ARTICLE_ID = '5d4e6f70-8192-4dae-9fc0-3b4c5d6e7f81';
const SUPPORT = { id: '6e5f7081-92a3-4bef-8ad1-4c5d6e7f8091', name: 'Support' };

const draft: Article = {
  id: ARTICLE_ID,
  title: 'Vrácení zboží',
  bodyHtml: '<p>Zboží lze vrátit do <strong>14 dnů</strong>.</p>',
  categoryId: null,
  language: 'cs',
  visibility: 'everyone',
  teamIds: [],
  status: 'draft',
  version: 1,
  canEdit: true,
  createdAt: '2026-11-02T09:00:00.000Z',
  updatedAt: '2026-11-02T09:00:00.000Z',
  updatedBy: null,
  publishedAt: null,
};

const user = (role: User['role'], locale: User['locale'] = 'en'): User => ({
  id: '7f608192-a3b4-4c0f-9be2-5d6e7f8091a2',
  email: 'admin@demo.test',
  name: 'Admin',
  role,
  locale,
  teams: [SUPPORT],
  queues: [],
});

function mountArticle(client: MemoryKbClient, locale: User['locale'] = 'en') {
  const tabs = new TabStore(memoryStorage());
  tabs.open({ path: kbArticlePath(ARTICLE_ID), title: 'Article' });
  const page = document.createElement('sb-kb-article-page');
  Object.assign(page, { articleId: ARTICLE_ID, locale, source: client, user: user('kb-editor', locale), services: { tabs } as unknown as ShellServices });
  document.body.append(page);
  return Object.assign(page, { tabs });
}

async function openEditor(page: HTMLElement) {
  (await waitFor(() => getButton(page, 'Edit'))).click();
  return waitFor(() => queryDeep<HTMLInputElement>(page, 'input[name="title"]')[0]);
}

const statusText = (page: HTMLElement) => queryDeep(page, '[role="status"]').map(textOf).join(' ');

it('routes /kb to the Knowledge base module page', () => {
  expect(matchRoute('/kb/')).toEqual({ name: 'kb', path: '/kb' });
});

it('edits an article in a ProseMirror body and saves it naming the version seen; the kept versions are listed', async () => {
  const client = new MemoryKbClient([draft]);
  const page = mountArticle(client);
  const title = await openEditor(page);
  expect(title.value).toBe('Vrácení zboží');
  expect(queryDeep(page, '[role="textbox"][contenteditable="true"] strong').map(textOf)).toEqual(['14 dnů']);
  typeInto(title, 'Vrácení zboží do 14 dnů');
  getButton(page, 'Save').click();
  await waitFor(() => statusText(page).includes('Saved.'));
  expect(client.writes).toEqual([
    expect.objectContaining({ version: 1, title: 'Vrácení zboží do 14 dnů', language: 'cs', visibility: 'everyone', bodyHtml: '<p>Zboží lze vrátit do <strong>14 dnů</strong>.</p>' }),
  ]);
  await waitFor(() => queryDeep(page, 'section li').length === 2);
  expect(textOf(queryDeep(page, 'section li')[0]!)).toContain('Version 2');
  expect(page.tabs.find(kbArticlePath(ARTICLE_ID))?.title).toBe('Vrácení zboží do 14 dnů');
  getButton(page, 'Close editor').click();
  await waitFor(() => queryDeep(page, 'h1').map(textOf).includes('Vrácení zboží do 14 dnů'));
});

it('shows a kept version and restores it as a new version, naming the version seen', async () => {
  const client = new MemoryKbClient([draft]);
  client.changeElsewhere(ARTICLE_ID, 'Vrácení (nové)');
  const page = mountArticle(client);
  await openEditor(page);
  await waitFor(() => queryDeep(page, 'section li').length === 2);
  expect(textOf(queryDeep(page, 'section li')[0]!)).toContain('the current one');
  const show = getButton(page, 'Show version 1');
  show.click();
  const region = await waitFor(() => queryDeep(page, '[role="region"]')[0]);
  expect(show.getAttribute('aria-expanded')).toBe('true');
  expect(region.id).toBe(show.getAttribute('aria-controls'));
  expect(queryDeep(region, 'strong').map(textOf)).toEqual(['14 dnů']);
  expect(queryDeep(region, 'h3').map(textOf)).toEqual(['Vrácení zboží']);

  getButton(page, 'Restore version 1').click();
  await waitFor(() => queryDeep<HTMLInputElement>(page, 'input[name="title"]')[0]?.value === 'Vrácení zboží');
  expect(client.writes).toEqual([{ restore: 1, version: 2 }]);
  expect(client.articlesById.get(ARTICLE_ID)).toMatchObject({ version: 3, title: 'Vrácení zboží' });
  await waitFor(() => queryDeep(page, 'section li').length === 3);

  client.changeElsewhere(ARTICLE_ID, 'Někdo jiný');
  getButton(page, 'Restore version 2').click();
  const alert = await waitFor(() => queryDeep(page, '[role="alert"]')[0]);
  expect(textOf(alert)).toContain('Someone else changed this article');
  expect(client.articlesById.get(ARTICLE_ID)?.title).toBe('Někdo jiný');
});

it('applies formatting from the toolbar', async () => {
  const client = new MemoryKbClient([draft]);
  const page = mountArticle(client);
  await openEditor(page);
  getButton(page, 'Heading').click();
  getButton(page, 'Save').click();
  await waitFor(() => client.writes.length === 1);
  expect(client.writes[0]).toMatchObject({ bodyHtml: '<h2>Zboží lze vrátit do <strong>14 dnů</strong>.</h2>' });
});

it('says when someone else saved first, and Reload brings their version', async () => {
  const client = new MemoryKbClient([draft]);
  const page = mountArticle(client);
  await openEditor(page);
  client.changeElsewhere(ARTICLE_ID, 'Vrácení zboží (upraveno)');
  getButton(page, 'Save').click();
  const alert = await waitFor(() => queryDeep(page, '[role="alert"]')[0]);
  expect(textOf(alert)).toContain('Someone else changed this article');
  getButton(page, 'Reload').click();
  await waitFor(() => queryDeep<HTMLInputElement>(page, 'input[name="title"]')[0]?.value === 'Vrácení zboží (upraveno)');
  expect(queryDeep(page, '[role="alert"]')).toEqual([]);
});

it('publishes and unpublishes', async () => {
  const client = new MemoryKbClient([draft]);
  const page = mountArticle(client);
  await openEditor(page);
  getButton(page, 'Publish').click();
  await waitFor(() => client.articlesById.get(ARTICLE_ID)?.status === 'published');
  (await waitFor(() => getButton(page, 'Unpublish'))).click();
  await waitFor(() => client.articlesById.get(ARTICLE_ID)?.status === 'draft');
  expect(client.writes).toEqual([{ version: 1, published: true }, { version: 2, published: false }]);
});

it('shows teams to choose for a teams-only article', async () => {
  const client = new MemoryKbClient([draft]);
  const page = mountArticle(client);
  await openEditor(page);
  queryDeep<HTMLInputElement>(page, 'input[value="teams"]')[0]!.click();
  const team = await waitFor(() => queryDeep<HTMLInputElement>(page, 'input[name="team"]')[0]);
  team.click();
  getButton(page, 'Save').click();
  await waitFor(() => client.writes.length === 1);
  expect(client.writes[0]).toMatchObject({ visibility: 'teams', teamIds: [SUPPORT.id] });
});

it('speaks Czech', async () => {
  const page = mountArticle(new MemoryKbClient([draft]), 'cs');
  (await waitFor(() => getButton(page, 'Upravit'))).click();
  await waitFor(() => getButton(page, 'Uložit'));
  expect(getButton(page, 'Publikovat')).toBeTruthy();
  expect(queryDeep(page, '[role="textbox"]')[0]?.getAttribute('aria-label')).toBe('Text článku');
  page.locale = 'en';
  await waitFor(() => queryDeep(page, '[role="textbox"]')[0]?.getAttribute('aria-label') === 'Article text');
});

describe('the Knowledge base page', () => {
  function mountHome(client: MemoryKbClient, role: User['role']) {
    const page = document.createElement('sb-kb-home-page');
    Object.assign(page, { client, user: user(role), locale: 'en' });
    document.body.append(page);
    return page;
  }

  it('lists articles, drafts marked, and lets a KB editor create one', async () => {
    const client = new MemoryKbClient([draft]);
    const page = mountHome(client, 'kb-editor');
    await waitFor(() => queryDeep(page, 'li a').length === 1);
    expect(textOf(queryDeep(page, 'li')[0]!)).toContain('Draft');
    getButton(page, 'New article').click();
    const title = await waitFor(() => queryDeep<HTMLInputElement>(page, 'input[name="title"]')[0]);
    typeInto(title, 'Gift vouchers');
    queryDeep<HTMLSelectElement>(page, 'select[name="language"]')[0]!.value = 'en';
    getButton(page, 'Save').click();
    await waitFor(() => queryDeep(page, 'li a').map(textOf).includes('Gift vouchers'));
    expect(client.writes[0]).toMatchObject({ title: 'Gift vouchers', language: 'en', bodyHtml: '<p></p>' });
    expect(getButton(page, 'Publish')).toBeTruthy();
  });

  it('offers no New article to an agent', async () => {
    const page = mountHome(new MemoryKbClient([draft]), 'agent');
    await waitFor(() => queryDeep(page, 'li a').length === 1);
    expect(queryDeep(page, 'button').map(textOf)).not.toContain('New article');
  });
});
