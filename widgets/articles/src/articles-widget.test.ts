import type { Article, WidgetContext } from '@switchboard/contracts';
import { createMemoryHost, type MemoryHost } from '@switchboard/widget-sdk';
import { getButton, getByLabel, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import type { ArticlesWidget } from './articles-widget';
import { MemoryArticlesApi } from './testing/memory-articles-api';
import './widget';

function article(n: number, title: string, language: Article['language'], bodyHtml: string): Article {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    title,
    bodyHtml,
    categoryId: null,
    language,
    visibility: 'everyone',
    teamIds: [],
    status: 'published',
    version: 1,
    canEdit: false,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    updatedBy: null,
    publishedAt: '2026-01-01T10:00:00.000Z',
  };
}

const complaint = article(1, 'Reklamace zboží', 'cs', '<p>Zboží lze reklamovat do 24 měsíců.</p>');
const laptop = article(2, 'Laptop stopped working after update', 'en', '<p>Hold the power button for 15 seconds.</p>');

const context: WidgetContext = {
  user: { id: '00000000-0000-4000-8000-000000000001', name: 'Alex Agent', locale: 'en' },
  page: 'email-detail',
  emailId: '11111111-1111-4111-8111-111111111111',
};

let host: MemoryHost;
let api: MemoryArticlesApi;

function mount(locale: WidgetContext['user']['locale'] = 'en'): ArticlesWidget {
  host = createMemoryHost({ context: { ...context, user: { ...context.user, locale } }, serviceUrl: '/api/kb' });
  api = new MemoryArticlesApi([complaint, laptop]);
  const element = document.createElement('sb-articles-widget');
  element.host = host;
  element.api = api;
  document.body.append(element);
  return element;
}

const results = (element: Element) => queryDeep(element, 'li button').map((b) => textOf(b));

afterEach(() => document.body.replaceChildren());

describe('<sb-articles-widget>', () => {
  it('searches as the agent types, without diacritics, and shows escaped snippets with marks', async () => {
    const element = mount();
    await waitFor(() => queryDeep(element, 'input[type="search"]').length === 1);
    typeInto(getByLabel(element, 'Search articles'), 'reklamace zbozi');
    await waitFor(() => results(element).length === 1);
    expect(results(element)).toEqual(['Reklamace zboží']);
    expect(api.searches).toEqual(['reklamace zbozi']);
    const snippet = queryDeep(element, '.snippet')[0]!;
    expect(snippet.querySelector('mark')?.textContent).toBe('Reklamace');
    expect(textOf(snippet)).toContain('<snippet>');
  });

  it('reads an article inside the widget and goes Back to the list with focus on it', async () => {
    const element = mount();
    await waitFor(() => queryDeep(element, 'input[type="search"]').length === 1);
    typeInto(getByLabel(element, 'Search articles'), 'laptop');
    await waitFor(() => results(element).length === 1);
    getButton(element, 'Laptop stopped working after update').click();
    await waitFor(() => queryDeep(element, 'sb-article-reader h2').length === 1);
    expect(textOf(queryDeep(element, 'sb-article-reader .body')[0]!)).toContain('Hold the power button');
    getButton(element, 'Back to the list').click();
    await waitFor(() => results(element).length === 1);
    await waitFor(() => element.shadowRoot?.activeElement?.textContent?.trim() === 'Laptop stopped working after update');
  });

  it('inserts the link, and the selected text, into the reply through composer.insertText', async () => {
    const element = mount();
    await waitFor(() => queryDeep(element, 'input[type="search"]').length === 1);
    typeInto(getByLabel(element, 'Search articles'), 'reklamace');
    await waitFor(() => results(element).length === 1);
    getButton(element, 'Reklamace zboží').click();
    await waitFor(() => queryDeep(element, 'sb-article-reader .body p').length === 1);

    getButton(element, 'Insert link').click();
    expect(host.emitted.slice(1)).toEqual([{ type: 'composer.insertText', payload: { text: expect.stringMatching(new RegExp(`/kb/articles/${complaint.id}$`)) } }]);

    getButton(element, 'Insert excerpt').click();
    expect(host.emitted).toHaveLength(2);
    await waitFor(() => textOf(queryDeep(element, 'sb-article-reader [role="status"]')[0]!) === 'Select text of the article to insert it.');

    // Selected as the agent would (happy-dom has the document's selection only); again if a late
    // render replaced the paragraph under the selection.
    const selection = () => document.getSelection();
    await waitFor(() => {
      const range = document.createRange();
      range.selectNodeContents(queryDeep(element, 'sb-article-reader .body p')[0]!);
      selection()?.removeAllRanges();
      selection()?.addRange(range);
      // As a pointer does: pressed, then clicked.
      const insert = getButton(element, 'Insert excerpt');
      insert.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }));
      insert.click();
      return host.emitted.length === 3;
    });
    expect(host.emitted[2]).toEqual({ type: 'composer.insertText', payload: { text: 'Zboží lze reklamovat do 24 měsíců.' } });
  });

  it("asks for the email's topic on mounting, and suggests articles for it on top, with the shared words", async () => {
    const element = mount();
    expect(host.emitted).toEqual([{ type: 'email.topicRequested', payload: { emailId: context.emailId } }]);
    host.emit('email.topic', { emailId: '00000000-0000-4000-8000-00000000dead', subject: 'Reklamace', text: '' });
    host.emit('email.topic', { emailId: context.emailId!, subject: 'Laptop stopped working after update', text: 'It does not start.' });
    await waitFor(() => queryDeep(element, 'ul[part="suggestions"] li').length === 1);
    expect(api.suggested).toEqual([{ subject: 'Laptop stopped working after update', text: 'It does not start.', limit: 3 }]);
    const suggestion = queryDeep(element, 'ul[part="suggestions"] li')[0]!;
    expect(textOf(suggestion)).toContain('Laptop stopped working after update');
    expect(textOf(suggestion)).toContain('Shared words: laptop, stopped, working, after, update');
    expect(queryDeep(element, 'section.suggested h2').map((h) => textOf(h))).toEqual(['Suggested for this email']);
    getButton(element, 'Laptop stopped working after update').click();
    await waitFor(() => queryDeep(element, 'sb-article-reader h2').length === 1);
    getButton(element, 'Open in Knowledge base').click();
    expect(host.openedTabs).toEqual([{ path: `/kb/articles/${laptop.id}`, title: laptop.title }]);
  });

  it('speaks Czech', async () => {
    const element = mount('cs');
    await waitFor(() => queryDeep(element, 'input[type="search"]').length === 1);
    expect(getByLabel(element, 'Hledat články').type).toBe('search');
    typeInto(getByLabel(element, 'Hledat články'), 'zzz');
    await waitFor(() => textOf(queryDeep(element, '[role="status"]')[0] ?? element) === 'Žádný článek neodpovídá');
  });
});
