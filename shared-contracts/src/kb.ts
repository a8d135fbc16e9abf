import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { LocaleSchema, TimestampSchema, UuidSchema } from './common';
import { defineRoute } from './route';

// The knowledge base (A1, A2): articles in a category tree, searched and suggested for an email.
// Every agent reads the published articles their teams may see; KB editors (role `kb-editor`)
// and admins write, publish and unpublish them.

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The language of an article: the UI languages. */
export const KbLanguageSchema = LocaleSchema;
export type KbLanguage = Static<typeof KbLanguageSchema>;

/** `everyone`: every agent; `teams`: the members of `teamIds` (and admins, services). */
export const KbVisibilitySchema = Type.Union([Type.Literal('everyone'), Type.Literal('teams')]);
export type KbVisibility = Static<typeof KbVisibilitySchema>;

/** Only KB editors see drafts; agents see published articles. */
export const ArticleStatusSchema = Type.Union([Type.Literal('draft'), Type.Literal('published')]);
export type ArticleStatus = Static<typeof ArticleStatusSchema>;

/** A name in both UI languages. */
export const LocalizedNameSchema = Type.Object({ cs: Type.String(), en: Type.String() });
export type LocalizedName = Static<typeof LocalizedNameSchema>;

/** A category of the tree; `parentId` null at the top. */
export const CategorySchema = Type.Object({
  id: UuidSchema,
  parentId: nullable(UuidSchema),
  name: LocalizedNameSchema,
  position: Type.Integer(),
});
export type Category = Static<typeof CategorySchema>;

export const CategoryListSchema = Type.Object({ items: Type.Array(CategorySchema) });
export type CategoryList = Static<typeof CategoryListSchema>;

export const CreateCategoryBodySchema = Type.Object(
  {
    parentId: Type.Optional(nullable(UuidSchema)),
    name: Type.Object(
      { cs: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }), en: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }) },
      { additionalProperties: false },
    ),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type CreateCategoryBody = Static<typeof CreateCategoryBodySchema>;

/** An article as a reader gets it; `bodyHtml` is sanitized on every write. */
export const ArticleSchema = Type.Object(
  {
    id: UuidSchema,
    title: Type.String(),
    bodyHtml: Type.String(),
    categoryId: nullable(UuidSchema),
    language: KbLanguageSchema,
    visibility: KbVisibilitySchema,
    /** The teams that see a `teams` article; empty for `everyone`. */
    teamIds: Type.Array(UuidSchema),
    status: ArticleStatusSchema,
    /** Bumped by every change; a change must name the version it saw (409 otherwise). */
    version: Type.Integer({ minimum: 1 }),
    /** Whether the caller may change it (a KB editor or an admin). */
    canEdit: Type.Boolean(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    /** The user who made the last change. */
    updatedBy: nullable(UuidSchema),
    publishedAt: nullable(TimestampSchema),
  },
  { $id: 'Article' },
);
export type Article = Static<typeof ArticleSchema>;

/** An article in lists, search results and suggestions. */
export const ArticleSummarySchema = Type.Object({
  id: UuidSchema,
  title: Type.String(),
  categoryId: nullable(UuidSchema),
  language: KbLanguageSchema,
  status: ArticleStatusSchema,
  updatedAt: TimestampSchema,
});
export type ArticleSummary = Static<typeof ArticleSummarySchema>;

/** Some text that is not only spaces. */
const titleSchema = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const bodySchema = Type.String({ maxLength: 200_000 });
const teamIdsSchema = Type.Array(UuidSchema, { maxItems: 50, uniqueItems: true });

export const CreateArticleBodySchema = Type.Object(
  {
    title: titleSchema,
    bodyHtml: bodySchema,
    categoryId: Type.Optional(nullable(UuidSchema)),
    language: KbLanguageSchema,
    visibility: Type.Optional(KbVisibilitySchema),
    teamIds: Type.Optional(teamIdsSchema),
  },
  { additionalProperties: false },
);
export type CreateArticleBody = Static<typeof CreateArticleBodySchema>;

/** Changes the given fields; `version` is the one the editor saw. */
export const PatchArticleBodySchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    title: Type.Optional(titleSchema),
    bodyHtml: Type.Optional(bodySchema),
    categoryId: Type.Optional(nullable(UuidSchema)),
    language: Type.Optional(KbLanguageSchema),
    visibility: Type.Optional(KbVisibilitySchema),
    teamIds: Type.Optional(teamIdsSchema),
  },
  { additionalProperties: false },
);
export type PatchArticleBody = Static<typeof PatchArticleBodySchema>;

/** Publish or unpublish: the version the editor saw. */
export const ArticleVersionBodySchema = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type ArticleVersionBody = Static<typeof ArticleVersionBodySchema>;

export const ArticleIdParamsSchema = Type.Object({ id: UuidSchema });
export type ArticleIdParams = Static<typeof ArticleIdParamsSchema>;

/** One kept version of an article. */
export const ArticleVersionParamsSchema = Type.Object({ id: UuidSchema, version: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
export type ArticleVersionParams = Static<typeof ArticleVersionParamsSchema>;

export const ArticleListQuerySchema = Type.Object({
  categoryId: Type.Optional(UuidSchema),
  language: Type.Optional(KbLanguageSchema),
  /** Drafts are listed to KB editors only. */
  status: Type.Optional(ArticleStatusSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
});
export type ArticleListQuery = Static<typeof ArticleListQuerySchema>;

export const ArticleListSchema = Type.Object({ items: Type.Array(ArticleSummarySchema) });
export type ArticleList = Static<typeof ArticleListSchema>;

/** Search as the agent types: words match as prefixes, diacritics and case ignored; typos by similarity. */
export const ArticleSearchQuerySchema = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 200 }),
  language: Type.Optional(KbLanguageSchema),
  categoryId: Type.Optional(UuidSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});
export type ArticleSearchQuery = Static<typeof ArticleSearchQuerySchema>;

/** One search result. */
export const ArticleHitSchema = Type.Object({
  article: ArticleSummarySchema,
  /** Text around the matches, HTML-escaped, the matches in `<mark>`; nothing else is markup. */
  snippet: Type.String(),
});
export type ArticleHit = Static<typeof ArticleHitSchema>;

export const ArticleHitListSchema = Type.Object({
  items: Type.Array(ArticleHitSchema),
  /** The words searched for after typo correction, when a typed word was replaced. */
  correctedQuery: nullable(Type.String()),
});
export type ArticleHitList = Static<typeof ArticleHitListSchema>;

/** An email to suggest articles for: its subject and the start of its text. */
export const ArticleSuggestQuerySchema = Type.Object({
  subject: Type.Optional(Type.String({ maxLength: 500 })),
  text: Type.Optional(Type.String({ maxLength: 4000 })),
  language: Type.Optional(KbLanguageSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })),
});
export type ArticleSuggestQuery = Static<typeof ArticleSuggestQuerySchema>;

/** One suggested article and why: the email's words it shares. */
export const ArticleSuggestionSchema = Type.Object({
  article: ArticleSummarySchema,
  terms: Type.Array(Type.String()),
  snippet: Type.String(),
});
export type ArticleSuggestion = Static<typeof ArticleSuggestionSchema>;

export const ArticleSuggestionListSchema = Type.Object({ items: Type.Array(ArticleSuggestionSchema) });
export type ArticleSuggestionList = Static<typeof ArticleSuggestionListSchema>;

/** One kept version of an article: what it was after a change. */
export const ArticleVersionSchema = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  title: Type.String(),
  bodyHtml: Type.String(),
  status: ArticleStatusSchema,
  updatedBy: nullable(UuidSchema),
  updatedAt: TimestampSchema,
});
export type ArticleVersion = Static<typeof ArticleVersionSchema>;

export const ArticleVersionListSchema = Type.Object({ items: Type.Array(ArticleVersionSchema) });
export type ArticleVersionList = Static<typeof ArticleVersionListSchema>;

/** Error codes of the knowledge base. */
export const KbErrorCode = {
  articleNotFound: 'ARTICLE_NOT_FOUND',
  categoryNotFound: 'CATEGORY_NOT_FOUND',
  /** Only KB editors and admins write articles and categories. */
  editorRequired: 'KB_EDITOR_REQUIRED',
  /** A `teams` article names a team the editor is not in, or no team. */
  invalidTeams: 'INVALID_TEAMS',
  /** The change named an older version; `details.current` holds the server copy. */
  versionConflict: 'KB_VERSION_CONFLICT',
  /** The article kept no version of this number. */
  articleVersionNotFound: 'ARTICLE_VERSION_NOT_FOUND',
} as const;

const E = KbErrorCode;
const articleTags = ['articles'];
const categoryTags = ['categories'];

/** The knowledge-base service's routes (decision 0007). */
export const kbApi = {
  listCategories: defineRoute({
    method: 'GET', path: '/categories', summary: 'The category tree, parents before children', tags: categoryTags,
    response: CategoryListSchema, errors: [],
  }),
  createCategory: defineRoute({
    method: 'POST', path: '/categories', summary: 'Create a category (KB editors)', tags: categoryTags,
    body: CreateCategoryBodySchema, status: 201, response: CategorySchema, errors: [E.editorRequired, E.categoryNotFound],
  }),
  listArticles: defineRoute({
    method: 'GET', path: '/articles', summary: 'Articles by last change, newest first', tags: articleTags,
    query: ArticleListQuerySchema, response: ArticleListSchema, errors: [],
  }),
  /** A1: search as the agent types. */
  searchArticles: defineRoute({
    method: 'GET', path: '/articles/search', summary: 'Search articles: title above body, prefixes, typos', tags: articleTags,
    query: ArticleSearchQuerySchema, response: ArticleHitListSchema, errors: [],
  }),
  /** A1: the best articles for an email, with the words they share with it. */
  suggestArticles: defineRoute({
    method: 'GET', path: '/articles/suggest', summary: "Articles for an email's subject and text", tags: articleTags,
    query: ArticleSuggestQuerySchema, response: ArticleSuggestionListSchema, errors: [],
  }),
  getArticle: defineRoute({
    method: 'GET', path: '/articles/:id', summary: 'Read an article', tags: articleTags,
    params: ArticleIdParamsSchema, response: ArticleSchema, errors: [E.articleNotFound],
  }),
  createArticle: defineRoute({
    method: 'POST', path: '/articles', summary: 'Create a draft article (KB editors)', tags: articleTags,
    body: CreateArticleBodySchema, status: 201, response: ArticleSchema, errors: [E.editorRequired, E.categoryNotFound, E.invalidTeams],
  }),
  updateArticle: defineRoute({
    method: 'PATCH', path: '/articles/:id', summary: 'Change an article; the old text is kept as a version (KB editors)', tags: articleTags,
    params: ArticleIdParamsSchema, body: PatchArticleBodySchema, response: ArticleSchema,
    errors: [E.articleNotFound, E.editorRequired, E.categoryNotFound, E.invalidTeams, E.versionConflict],
  }),
  publishArticle: defineRoute({
    method: 'POST', path: '/articles/:id/publish', summary: 'Publish an article (KB editors)', tags: articleTags,
    params: ArticleIdParamsSchema, body: ArticleVersionBodySchema, response: ArticleSchema,
    errors: [E.articleNotFound, E.editorRequired, E.versionConflict],
  }),
  unpublishArticle: defineRoute({
    method: 'POST', path: '/articles/:id/unpublish', summary: 'Take an article back to draft (KB editors)', tags: articleTags,
    params: ArticleIdParamsSchema, body: ArticleVersionBodySchema, response: ArticleSchema,
    errors: [E.articleNotFound, E.editorRequired, E.versionConflict],
  }),
  listArticleVersions: defineRoute({
    method: 'GET', path: '/articles/:id/versions', summary: "An article's kept versions, newest first (KB editors)", tags: articleTags,
    params: ArticleIdParamsSchema, response: ArticleVersionListSchema, errors: [E.articleNotFound, E.editorRequired],
  }),
  getArticleVersion: defineRoute({
    method: 'GET', path: '/articles/:id/versions/:version', summary: 'One kept version of an article (KB editors)', tags: articleTags,
    params: ArticleVersionParamsSchema, response: ArticleVersionSchema, errors: [E.articleNotFound, E.articleVersionNotFound, E.editorRequired],
  }),
  /** Restoring makes a new version with the kept one's title and text; `body.version` is the current one the editor saw. */
  restoreArticleVersion: defineRoute({
    method: 'POST', path: '/articles/:id/versions/:version/restore', summary: "Restore a kept version's title and text as a new version (KB editors)", tags: articleTags,
    params: ArticleVersionParamsSchema, body: ArticleVersionBodySchema, response: ArticleSchema,
    errors: [E.articleNotFound, E.articleVersionNotFound, E.editorRequired, E.versionConflict],
  }),
} as const;
