import { randomUUID } from 'node:crypto';
import type {
  CreateTemplateBody,
  PatchTemplateBody,
  RenderedTemplate,
  RenderTemplateBody,
  Template,
  TemplateList,
  TemplateSearchQuery,
} from '@switchboard/contracts';
import { sanitizeEmailHtml, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { mayEdit, maySee, placeNew, usableCondition } from '../access';
import { editForbidden, frameNotInsertable, invalidTree, templateInUse, templateNotFound, versionConflict } from '../errors';
import { checkBody } from '../render/liquid';
import { renderAnswer } from '../render/render-answer';
import { TEMPLATE_COLUMNS, scopedOf, toTemplate, toTemplateSummary, type TemplateRow } from './template-row';
import { checkPlacement } from './tree';

/** A text[] from one bind parameter holding a JSON array (knex would spread a JS array). */
const TEXT_ARRAY = 'array(select jsonb_array_elements_text(?::jsonb))';

/** Words of a search beyond this many are ignored. */
const MAX_WORDS = 5;

/** Templates: the tree, search, read, create, change, delete, render. */
export interface TemplatesRepository {
  /** The caller's templates (own, teams', everyone's): best match first, then most used. */
  search(caller: Caller, query: TemplateSearchQuery): Promise<TemplateList>;
  /** One template; throws TEMPLATE_NOT_FOUND when the caller may not see it. */
  get(caller: Caller, id: string): Promise<Template>;
  create(caller: Caller, body: CreateTemplateBody): Promise<Template>;
  /** Changes the given fields when `version` is the stored one. */
  update(caller: Caller, id: string, body: PatchTemplateBody): Promise<Template>;
  /** Deletes a template; a frame only once it has no answers. */
  remove(caller: Caller, id: string): Promise<void>;
  /** An answer inside its frame; counts a use when inserted complete. */
  render(caller: Caller, id: string, body: RenderTemplateBody): Promise<RenderedTemplate>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Template queries, bound to the request's EntityManager. */
    templatesRepository: TemplatesRepository;
  }
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createTemplatesRepository(app: FastifyInstance): TemplatesRepository {
  const sql = <T>(query: string, params: unknown[]) => app.orm.em.execute<T[]>(query, params, 'all');
  const select = `select ${TEMPLATE_COLUMNS} from templates.template t`;

  /** The row, when the caller may see it. */
  const visibleRow = async (caller: Caller, id: string): Promise<TemplateRow> => {
    const [row] = await sql<TemplateRow>(`${select} where t.id = ?`, [id]);
    if (!row || !maySee(caller, scopedOf(row))) throw templateNotFound(id);
    return row;
  };

  /** The frame an answer names, which the caller must see. */
  const parentRow = async (caller: Caller, parentId: string | null | undefined) =>
    parentId ? visibleRow(caller, parentId) : null;

  return {
    async search(caller, query) {
      const where: string[] = [];
      const params: unknown[] = [];
      const usable = usableCondition(caller, 't');
      if (usable) {
        where.push(usable.sql);
        params.push(...usable.params);
      }
      if (query.language) {
        where.push('t.language = ?');
        params.push(query.language);
      }
      if (query.kind) {
        where.push('t.kind = ?');
        params.push(query.kind);
      }
      const words = (query.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
      for (const word of words) {
        where.push(`t.search like templates.like_word(?)`);
        params.push(word);
      }
      // Ranked: a name that begins with the search, then how close the name and text are, then use.
      const rank = words.length
        ? `(t.sort_name like templates.fold(?) || '%') desc, templates.closeness(templates.fold(?), t.search) desc,`
        : '';
      const rankParams = words.length ? [words.join(' '), words.join(' ')] : [];
      const rows = await sql<TemplateRow>(
        `${select} ${where.length ? `where ${where.join(' and ')}` : ''}
         order by ${rank} t.use_count desc, t.sort_name, t.id limit ?`,
        [...params, ...rankParams, query.limit ?? 200],
      );
      return { items: rows.map(toTemplateSummary) };
    },

    async get(caller, id) {
      return toTemplate(await visibleRow(caller, id), caller);
    },

    async create(caller, body) {
      const place = placeNew(caller, body.scope, body.teamId, 'template');
      const parent = await parentRow(caller, body.parentId);
      checkPlacement({ ...place, kind: body.kind, language: body.language }, parent && { ...scopedOf(parent), kind: parent.kind, language: parent.language });
      const html = sanitizeEmailHtml(body.body);
      const { variables } = checkBody(html, body.kind);
      const id = randomUUID();
      await sql(
        `insert into templates.template (id, kind, parent_id, name, folder, language, body, variables, scope, owner_id, team_id)
         values (?, ?, ?, ?, ?, ?, ?, ${TEXT_ARRAY}, ?, ?, ?)`,
        [id, body.kind, parent?.id ?? null, body.name, (body.folder ?? '').trim(), body.language, html, JSON.stringify(variables),
          place.scope, place.ownerId, place.teamId],
      );
      return this.get(caller, id);
    },

    async update(caller, id, body) {
      return app.orm.em.transactional(async (tx) => {
        const txSql = <T>(query: string, params: unknown[]) => tx.execute<T[]>(query, params, 'all');
        const [current] = await txSql<TemplateRow>(`${select} where t.id = ? for update`, [id]);
        if (!current || !maySee(caller, scopedOf(current))) throw templateNotFound(id);
        if (!mayEdit(caller, scopedOf(current))) throw editForbidden('template');
        if (current.version !== body.version) throw versionConflict(toTemplate(current, caller));
        const language = body.language ?? current.language;
        const parentId = body.parentId === undefined ? current.parent_id : body.parentId;
        const parent = await parentRow(caller, parentId);
        if (parent?.id === id) throw invalidTree('A template cannot sit inside itself');
        checkPlacement({ ...scopedOf(current), kind: current.kind, language }, parent && { ...scopedOf(parent), kind: parent.kind, language: parent.language });
        if (current.kind === 'frame' && language !== current.language) {
          const [child] = await txSql<{ id: string }>('select id from templates.template where parent_id = ? limit 1', [id]);
          if (child) throw invalidTree('A frame with answers keeps its language');
        }
        const html = body.body === undefined ? current.body : sanitizeEmailHtml(body.body);
        const { variables } = checkBody(html, current.kind);
        await txSql(
          `update templates.template set parent_id = ?, name = ?, folder = ?, language = ?, body = ?, variables = ${TEXT_ARRAY},
             version = version + 1, updated_at = now() where id = ?`,
          [parentId, body.name ?? current.name, body.folder?.trim() ?? current.folder, language, html,
            JSON.stringify(variables), id],
        );
        const [row] = await txSql<TemplateRow>(`${select} where t.id = ?`, [id]);
        return toTemplate(row!, caller);
      });
    },

    async remove(caller, id) {
      await app.orm.em.transactional(async (tx) => {
        const [current] = await tx.execute<TemplateRow[]>(`${select} where t.id = ? for update`, [id], 'all');
        if (!current || !maySee(caller, scopedOf(current))) throw templateNotFound(id);
        if (!mayEdit(caller, scopedOf(current))) throw editForbidden('template');
        const [child] = await tx.execute<{ id: string }[]>('select id from templates.template where parent_id = ? limit 1', [id], 'all');
        if (child) throw templateInUse(id);
        await tx.execute('delete from templates.template where id = ?', [id], 'run');
      });
    },

    async render(caller, id, body) {
      const answer = await visibleRow(caller, id);
      if (answer.kind === 'frame') throw frameNotInsertable(id);
      // The frame was checked visible to the answer's audience when the answer was placed.
      const [frame] = answer.parent_id ? await sql<TemplateRow>(`${select} where t.id = ?`, [answer.parent_id]) : [];
      const rendered = renderAnswer(
        { answer: { body: answer.body, variables: answer.variables }, frame: frame ? { body: frame.body, variables: frame.variables } : null },
        body.context,
        body.values,
      );
      if (body.insert && rendered.html !== null) {
        await sql('update templates.template set use_count = use_count + 1 where id = ?', [id]);
      }
      return rendered;
    },
  };
}

/** Decorates `app.templatesRepository`. */
export const templatesRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('templatesRepository', createTemplatesRepository(app));
  },
  { name: 'templates-repository', dependencies: ['switchboard-orm'] },
);
