import { randomUUID } from 'node:crypto';
import type {
  Article,
  ArticleList,
  ArticleListQuery,
  ArticleVersion,
  ArticleVersionList,
  CreateArticleBody,
  KbVisibility,
  PatchArticleBody,
} from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ARTICLE_VISIBLE, requireEditor, uuidArray, visibleParams, type KbCaller } from '../access';
import { articleNotFound, articleVersionNotFound, categoryNotFound, invalidTeams, versionConflict } from '../errors';
import { articleBody } from './article-body';
import { ARTICLE_COLUMNS, SUMMARY_COLUMNS, toArticle, toSummary, type ArticleRow } from './article-row';

/** Articles: list, read, write, publish; every change keeps a version. */
export interface ArticlesRepository {
  /** Newest change first, those the caller may see. */
  list(caller: KbCaller, query: ArticleListQuery): Promise<ArticleList>;
  /** One article; throws ARTICLE_NOT_FOUND for one the caller may not see. */
  get(caller: KbCaller, id: string): Promise<Article>;
  /** A new draft (KB editors). */
  create(caller: KbCaller, body: CreateArticleBody): Promise<Article>;
  /** Changes the given fields when `version` is the stored one (KB editors). */
  update(caller: KbCaller, id: string, body: PatchArticleBody): Promise<Article>;
  /** Publishes or takes back to draft when `version` is the stored one (KB editors). */
  setStatus(caller: KbCaller, id: string, version: number, status: Article['status']): Promise<Article>;
  /** The kept versions, newest first (KB editors). */
  versions(caller: KbCaller, id: string): Promise<ArticleVersionList>;
  /** One kept version (KB editors). */
  version(caller: KbCaller, id: string, number: number): Promise<ArticleVersion>;
  /** Saves a kept version's title and text as a new version when `version` is the stored one (KB editors). */
  restore(caller: KbCaller, id: string, number: number, version: number): Promise<Article>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Article queries, bound to the request's EntityManager. */
    articlesRepository: ArticlesRepository;
  }
}

type Sql = <T>(query: string, params: unknown[]) => Promise<T[]>;

/** The teams of an article: none for `everyone`; for `teams` at least one, each the editor's own (any for admins). */
function checkTeams(caller: KbCaller, visibility: KbVisibility, teamIds: readonly string[]): string[] {
  if (visibility === 'everyone') return [];
  const teams = teamIds.map((id) => id.toLowerCase());
  if (teams.length === 0) throw invalidTeams('An article for teams needs at least one team');
  const foreign = teams.find((id) => !caller.isAdmin && !caller.teams.includes(id));
  if (foreign) throw invalidTeams(`You are not a member of team ${foreign}`);
  return teams;
}

async function checkCategory(sql: Sql, categoryId: string | null): Promise<string | null> {
  if (categoryId === null) return null;
  const [found] = await sql<{ id: string }>('select id from kb.category where id = ?', [categoryId]);
  if (!found) throw categoryNotFound(categoryId);
  return found.id;
}

type VersionRow = { version: number; title: string; body_html: string; status: Article['status']; updated_by: string | null; updated_at: Date };

const selectVersion = 'select version, title, body_html, status, updated_by, updated_at from kb.article_version';

function toVersion(v: VersionRow): ArticleVersion {
  return {
    version: v.version,
    title: v.title,
    bodyHtml: v.body_html,
    status: v.status,
    updatedBy: v.updated_by,
    updatedAt: new Date(v.updated_at).toISOString(),
  };
}

/** Keeps the article as it now is as its version. */
async function keepVersion(sql: Sql, id: string): Promise<void> {
  await sql(
    `insert into kb.article_version (article_id, version, title, body_html, status, updated_by, updated_at)
     select id, version, title, body_html, status, updated_by, updated_at from kb.article where id = ?`,
    [id],
  );
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createArticlesRepository(app: FastifyInstance): ArticlesRepository {
  const sql: Sql = (query, params) => app.orm.em.execute(query, params, 'all');
  const select = `select ${ARTICLE_COLUMNS} from kb.article a`;

  /** Within a transaction: the row locked, visible to the caller and at `version`, or the matching error. */
  async function lockCurrent(txSql: Sql, caller: KbCaller, id: string, version: number): Promise<ArticleRow> {
    const [current] = await txSql<ArticleRow>(`${select} where a.id = ? and ${ARTICLE_VISIBLE} for update`, [id, ...visibleParams(caller)]);
    if (!current) throw articleNotFound(id);
    if (current.version !== version) throw versionConflict(toArticle(current, caller));
    return current;
  }

  return {
    async list(caller, query) {
      const where = [ARTICLE_VISIBLE];
      const params: unknown[] = visibleParams(caller);
      for (const [column, value] of [['category_id', query.categoryId], ['language', query.language], ['status', query.status]] as const) {
        if (value === undefined) continue;
        where.push(`a.${column} = ?`);
        params.push(value);
      }
      const rows = await sql<ArticleRow>(
        `select ${SUMMARY_COLUMNS} from kb.article a where ${where.join(' and ')} order by a.updated_at desc, a.id limit ?`,
        [...params, query.limit ?? 25],
      );
      return { items: rows.map(toSummary) };
    },

    async get(caller, id) {
      const [row] = await sql<ArticleRow>(`${select} where a.id = ? and ${ARTICLE_VISIBLE}`, [id, ...visibleParams(caller)]);
      if (!row) throw articleNotFound(id);
      return toArticle(row, caller);
    },

    async create(caller, body) {
      requireEditor(caller);
      const visibility = body.visibility ?? 'everyone';
      const teams = checkTeams(caller, visibility, body.teamIds ?? []);
      const { html, text } = articleBody(body.bodyHtml);
      const id = randomUUID();
      await app.orm.em.transactional(async (tx) => {
        const txSql: Sql = (query, params) => tx.execute(query, params, 'all');
        const categoryId = await checkCategory(txSql, body.categoryId ?? null);
        await txSql(
          `insert into kb.article (id, category_id, title, body_html, body_text, language, visibility, team_ids, created_by, updated_by)
           values (?, ?, ?, ?, ?, ?, ?, ?::uuid[], ?, ?)`,
          [id, categoryId, body.title.trim(), html, text, body.language, visibility, uuidArray(teams), caller.userId, caller.userId],
        );
        await keepVersion(txSql, id);
      });
      return this.get(caller, id);
    },

    async update(caller, id, body) {
      requireEditor(caller);
      const nextBody = body.bodyHtml === undefined ? undefined : articleBody(body.bodyHtml);
      return app.orm.em.transactional(async (tx) => {
        const txSql: Sql = (query, params) => tx.execute(query, params, 'all');
        const current = await lockCurrent(txSql, caller, id, body.version);
        const visibility = body.visibility ?? current.visibility;
        const teams = body.visibility === undefined && body.teamIds === undefined ? current.team_ids : checkTeams(caller, visibility, body.teamIds ?? current.team_ids);
        const categoryId = body.categoryId === undefined ? current.category_id : await checkCategory(txSql, body.categoryId);
        await txSql(
          `update kb.article set title = ?, body_html = coalesce(?, body_html), body_text = coalesce(?, body_text), category_id = ?,
             language = ?, visibility = ?, team_ids = ?::uuid[], version = version + 1, updated_by = ?, updated_at = now()
           where id = ?`,
          [
            body.title?.trim() ?? current.title,
            nextBody?.html ?? null,
            nextBody?.text ?? null,
            categoryId,
            body.language ?? current.language,
            visibility,
            uuidArray(teams),
            caller.userId,
            id,
          ],
        );
        await keepVersion(txSql, id);
        const [row] = await txSql<ArticleRow>(`${select} where a.id = ?`, [id]);
        return toArticle(row!, caller);
      });
    },

    async setStatus(caller, id, version, status) {
      requireEditor(caller);
      return app.orm.em.transactional(async (tx) => {
        const txSql: Sql = (query, params) => tx.execute(query, params, 'all');
        await lockCurrent(txSql, caller, id, version);
        await txSql(
          `update kb.article set status = ?, published_at = case when ? = 'published' then now() else published_at end,
             version = version + 1, updated_by = ?, updated_at = now() where id = ?`,
          [status, status, caller.userId, id],
        );
        await keepVersion(txSql, id);
        const [row] = await txSql<ArticleRow>(`${select} where a.id = ?`, [id]);
        return toArticle(row!, caller);
      });
    },

    async versions(caller, id) {
      requireEditor(caller);
      await this.get(caller, id);
      const rows = await sql<VersionRow>(`${selectVersion} where article_id = ? order by version desc`, [id]);
      return { items: rows.map(toVersion) };
    },

    async version(caller, id, number) {
      requireEditor(caller);
      await this.get(caller, id);
      const [row] = await sql<VersionRow>(`${selectVersion} where article_id = ? and version = ?`, [id, number]);
      if (!row) throw articleVersionNotFound(id, number);
      return toVersion(row);
    },

    async restore(caller, id, number, version) {
      const kept = await this.version(caller, id, number);
      return this.update(caller, id, { version, title: kept.title, bodyHtml: kept.bodyHtml });
    },
  };
}

/** Decorates `app.articlesRepository`. */
export const articlesRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('articlesRepository', createArticlesRepository(app));
  },
  { name: 'articles-repository', dependencies: ['switchboard-orm'] },
);
