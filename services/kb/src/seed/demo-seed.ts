import type { EntityManager } from '@mikro-orm/postgresql';
import { withSeedLock } from '@switchboard/service-kit';
import { uuidArray } from '../access';
import { articleBody } from '../articles/article-body';
import { DEMO_ARTICLES, DEMO_BILLING_TEAM, DEMO_CATEGORIES, demoArticleId, demoCategoryId, type DemoArticle, type DemoCategory } from './demo-articles';
import { GENERATED_DEMO_ARTICLES } from './demo-generated';

/** Any fixed number shared by every replica, so that only one of them seeds. */
const SEED_LOCK = 0x6b620000;

/** What a seed inserted. */
export interface SeedCounts {
  categories: number;
  articles: number;
}

/** What the demo holds: by default the demo's categories, its hand-written articles and the generated ones. */
export interface KbDemoData {
  categories: DemoCategory[];
  articles: DemoArticle[];
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function insertDemo(em: EntityManager, data: KbDemoData): Promise<SeedCounts> {
  for (const [position, c] of data.categories.entries()) {
    await em.execute('insert into kb.category (id, parent_id, name_cs, name_en, position) values (?, ?, ?, ?, ?)', [
      demoCategoryId(c.key),
      c.parent && demoCategoryId(c.parent),
      c.cs,
      c.en,
      position,
    ]);
  }
  for (const a of data.articles) {
    const { html, text } = articleBody(a.body.map((p) => `<p>${escapeHtml(p)}</p>`).join(''));
    const id = demoArticleId(a.key);
    await em.execute(
      `insert into kb.article (id, category_id, title, body_html, body_text, language, visibility, team_ids, status, published_at)
       values (?, ?, ?, ?, ?, ?, ?, ?::uuid[], ?, ?)`,
      [
        id,
        demoCategoryId(a.category),
        a.title,
        html,
        text,
        a.language,
        a.billingOnly ? 'teams' : 'everyone',
        uuidArray(a.billingOnly ? [DEMO_BILLING_TEAM] : []),
        a.draft ? 'draft' : 'published',
        a.draft ? null : new Date(),
      ],
    );
    await em.execute(
      `insert into kb.article_version (article_id, version, title, body_html, status, updated_by, updated_at)
       select id, version, title, body_html, status, updated_by, updated_at from kb.article where id = ?`,
      [id],
    );
  }
  return { categories: data.categories.length, articles: data.articles.length };
}

/**
 * Seeds the demo when there are no articles; returns what it inserted, or null when there were
 * articles already. Under the kit's seed lock, so that of two replicas one seeds.
 */
export async function seedDemoIfEmpty(
  em: EntityManager,
  data: KbDemoData = { categories: DEMO_CATEGORIES, articles: [...DEMO_ARTICLES, ...GENERATED_DEMO_ARTICLES] },
): Promise<SeedCounts | null> {
  return withSeedLock(em, SEED_LOCK, async (tx) => {
    const [{ any }] = await tx.execute<{ any: boolean }[]>('select exists (select 1 from kb.article) as "any"');
    return any ? null : insertDemo(tx, data);
  });
}
