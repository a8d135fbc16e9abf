import type { Article } from '@switchboard/contracts';
import { queryDeep, textOf, waitFor } from '@switchboard/widget-sdk/testing';
import { MemoryKbClient } from '../kb/memory-kb-client.fixture';
import { emailPath, kbArticlePath, matchRoute } from '../navigation/routes';
import { TabStore } from '../navigation/tab-store';
import type { ShellServices } from '../shell-services';
import { memoryStorage } from '../widgets/memory-storage.fixture';
import { isolateElementTests } from './element-tests.fixture';
import './sb-kb-article-page';

isolateElementTests();

const ARTICLE_ID = '5d4e6f70-8192-4dae-9fc0-3b4c5d6e7f80';
const EMAIL_ID = '4c3d5e6f-7081-4c9d-8ebf-2a3b4c5d6e7f';

const article: Article = {
  id: ARTICLE_ID,
  title: 'Reklamace zboží',
  bodyHtml: '<p>Zboží lze reklamovat do <strong>24 měsíců</strong>.</p>',
  categoryId: null,
  language: 'cs',
  visibility: 'everyone',
  teamIds: [],
  status: 'published',
  version: 2,
  canEdit: false,
  createdAt: '2026-11-02T09:00:00.000Z',
  updatedAt: '2026-11-03T09:00:00.000Z',
  updatedBy: null,
  publishedAt: '2026-11-03T09:00:00.000Z',
};

const source = new MemoryKbClient([article]);

function mount(articleId: string, opener?: string) {
  const tabs = new TabStore(memoryStorage());
  tabs.open({ path: kbArticlePath(articleId), title: 'Article', opener });
  const page = document.createElement('sb-kb-article-page');
  Object.assign(page, { articleId, locale: 'en', source, services: { tabs } as unknown as ShellServices });
  document.body.append(page);
  return { page, tabs };
}

it('routes /kb/articles/:id to the Knowledge base page, in a tab', () => {
  expect(matchRoute(`/kb/articles/${ARTICLE_ID.toUpperCase()}`)).toEqual({ name: 'kb-article', path: `/kb/articles/${ARTICLE_ID.toUpperCase()}`, articleId: ARTICLE_ID });
});

it('shows the article with its sanitized body, names the tab after it, and links back to the email', async () => {
  const { page, tabs } = mount(ARTICLE_ID, emailPath(EMAIL_ID));
  await waitFor(() => queryDeep(page, 'h1').length === 1);
  expect(textOf(queryDeep(page, 'h1')[0]!)).toBe('Reklamace zboží');
  expect(queryDeep(page, '.body strong').map(textOf)).toEqual(['24 měsíců']);
  expect(queryDeep(page, 'article')[0]?.getAttribute('lang')).toBe('cs');
  expect(tabs.find(kbArticlePath(ARTICLE_ID))?.title).toBe('Reklamace zboží');
  expect(queryDeep(page, 'button').map(textOf)).not.toContain('Edit');
  const back = queryDeep<HTMLAnchorElement>(page, 'a.back')[0]!;
  expect(back.getAttribute('href')).toBe(emailPath(EMAIL_ID));
  expect(textOf(back)).toContain('Back to email');
});

it('says when the article does not exist or is not the agent’s to see', async () => {
  const { page } = mount('00000000-0000-4000-8000-000000000404');
  await waitFor(() => queryDeep(page, '[role="alert"]').length === 1);
  expect(textOf(queryDeep(page, '[role="alert"]')[0]!)).toBe('This article does not exist or you cannot see it.');
  expect(queryDeep(page, 'a.back').map(textOf)).toEqual(['All articles']);
});
