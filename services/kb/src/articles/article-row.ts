import type { Article, ArticleStatus, ArticleSummary, KbLanguage, KbVisibility } from '@switchboard/contracts';
import type { KbCaller } from '../access';

/** An article row as raw SQL returns it. */
export interface ArticleRow {
  id: string;
  category_id: string | null;
  title: string;
  body_html: string;
  language: KbLanguage;
  visibility: KbVisibility;
  team_ids: string[];
  status: ArticleStatus;
  version: number;
  created_at: Date;
  updated_by: string | null;
  updated_at: Date;
  published_at: Date | null;
}

/** The columns of ArticleRow, `a` being the article table. */
export const ARTICLE_COLUMNS = `a.id, a.category_id, a.title, a.body_html, a.language, a.visibility, a.team_ids, a.status,
  a.version, a.created_at, a.updated_by, a.updated_at, a.published_at`;

/** The columns of a summary, `a` being the article table. */
export const SUMMARY_COLUMNS = 'a.id, a.title, a.category_id, a.language, a.status, a.updated_at';

const iso = (value: Date) => new Date(value).toISOString();

/** The article as this caller gets it. */
export function toArticle(row: ArticleRow, caller: KbCaller): Article {
  return {
    id: row.id,
    title: row.title,
    bodyHtml: row.body_html,
    categoryId: row.category_id,
    language: row.language,
    visibility: row.visibility,
    teamIds: row.team_ids,
    status: row.status,
    version: row.version,
    canEdit: caller.isEditor,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
    publishedAt: row.published_at && iso(row.published_at),
  };
}

/** The list form of an article. */
export function toSummary(row: Pick<ArticleRow, 'id' | 'title' | 'category_id' | 'language' | 'status' | 'updated_at'>): ArticleSummary {
  return { id: row.id, title: row.title, categoryId: row.category_id, language: row.language, status: row.status, updatedAt: iso(row.updated_at) };
}
