import { randomUUID } from 'node:crypto';
import type { Category, CategoryList, CreateCategoryBody } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { requireEditor, type KbCaller } from '../access';
import { categoryNotFound } from '../errors';

/** The category tree. */
export interface CategoriesRepository {
  /** Every category, parents before children, by position and name. */
  list(): Promise<CategoryList>;
  /** A new category under `parentId` (KB editors). */
  create(caller: KbCaller, body: CreateCategoryBody): Promise<Category>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Category queries, bound to the request's EntityManager. */
    categoriesRepository: CategoriesRepository;
  }
}

interface CategoryRow {
  id: string;
  parent_id: string | null;
  name_cs: string;
  name_en: string;
  position: number;
}

const toCategory = (row: CategoryRow): Category => ({
  id: row.id,
  parentId: row.parent_id,
  name: { cs: row.name_cs, en: row.name_en },
  position: row.position,
});

/** Parents before children: a recursive walk from the roots, each level by position and name. */
const TREE_SQL = `
  with recursive tree as (
    select c.*, array[c.position::text || '/' || c.name_en] as path from kb.category c where c.parent_id is null
    union all
    select c.*, t.path || (c.position::text || '/' || c.name_en) from kb.category c join tree t on c.parent_id = t.id
  )
  select id, parent_id, name_cs, name_en, position from tree order by path`;

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createCategoriesRepository(app: FastifyInstance): CategoriesRepository {
  const sql = <T>(query: string, params: unknown[] = []) => app.orm.em.execute<T[]>(query, params, 'all');
  return {
    async list() {
      return { items: (await sql<CategoryRow>(TREE_SQL)).map(toCategory) };
    },

    async create(caller, body) {
      requireEditor(caller);
      const parentId = body.parentId ?? null;
      if (parentId !== null && (await sql('select 1 from kb.category where id = ?', [parentId])).length === 0) throw categoryNotFound(parentId);
      const [row] = await sql<CategoryRow>(
        `insert into kb.category (id, parent_id, name_cs, name_en, position) values (?, ?, ?, ?, ?)
         returning id, parent_id, name_cs, name_en, position`,
        [randomUUID(), parentId, body.name.cs.trim(), body.name.en.trim(), body.position ?? 0],
      );
      return toCategory(row!);
    },
  };
}

/** Decorates `app.categoriesRepository`. */
export const categoriesRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('categoriesRepository', createCategoriesRepository(app));
  },
  { name: 'categories-repository', dependencies: ['switchboard-orm'] },
);
