import { randomUUID } from 'node:crypto';
import type { CreateMacroBody, Macro, MacroList, PatchMacroBody } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { mayEdit, maySee, placeNew, usableCondition } from '../access';
import { editForbidden, macroNotFound, versionConflict } from '../errors';
import { normalizeActions } from './actions';
import { MACRO_COLUMNS, toMacro, type MacroRow } from './macro-row';

/** Most macros one list answers. */
const LIST_LIMIT = 500;

/** Macros: list, read, create, change, delete. */
export interface MacrosRepository {
  /** The macros the caller may run (own, teams', everyone's), by name. */
  list(caller: Caller): Promise<MacroList>;
  /** One macro; throws MACRO_NOT_FOUND when the caller may not see it. */
  get(caller: Caller, id: string): Promise<Macro>;
  create(caller: Caller, body: CreateMacroBody): Promise<Macro>;
  update(caller: Caller, id: string, body: PatchMacroBody): Promise<Macro>;
  remove(caller: Caller, id: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Macro queries, bound to the request's EntityManager. */
    macrosRepository: MacrosRepository;
  }
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createMacrosRepository(app: FastifyInstance): MacrosRepository {
  const sql = <T>(query: string, params: unknown[]) => app.orm.em.execute<T[]>(query, params, 'all');
  const select = `select ${MACRO_COLUMNS} from templates.macro m`;

  /** The row locked for a change the caller may make. */
  const editableRow = async (tx: typeof app.orm.em, caller: Caller, id: string): Promise<MacroRow> => {
    const [row] = await tx.execute<MacroRow[]>(`${select} where m.id = ? for update`, [id], 'all');
    const scoped = row && { scope: row.scope, ownerId: row.owner_id, teamId: row.team_id };
    if (!row || !maySee(caller, scoped!)) throw macroNotFound(id);
    if (!mayEdit(caller, scoped!)) throw editForbidden('macro');
    return row;
  };

  return {
    async list(caller) {
      const usable = usableCondition(caller, 'm');
      const rows = await sql<MacroRow>(`${select} ${usable ? `where ${usable.sql}` : ''} order by m.sort_name, m.id limit ?`, [
        ...(usable?.params ?? []),
        LIST_LIMIT,
      ]);
      return { items: rows.map((row) => toMacro(row, caller)) };
    },

    async get(caller, id) {
      const [row] = await sql<MacroRow>(`${select} where m.id = ?`, [id]);
      if (!row || !maySee(caller, { scope: row.scope, ownerId: row.owner_id, teamId: row.team_id })) throw macroNotFound(id);
      return toMacro(row, caller);
    },

    async create(caller, body) {
      const place = placeNew(caller, body.scope, body.teamId, 'macro');
      const id = randomUUID();
      await sql('insert into templates.macro (id, name, actions, scope, owner_id, team_id) values (?, ?, ?::jsonb, ?, ?, ?)', [
        id,
        body.name,
        JSON.stringify(normalizeActions(caller, body.actions)),
        place.scope,
        place.ownerId,
        place.teamId,
      ]);
      return this.get(caller, id);
    },

    async update(caller, id, body) {
      return app.orm.em.transactional(async (tx) => {
        const current = await editableRow(tx, caller, id);
        if (current.version !== body.version) throw versionConflict(toMacro(current, caller));
        await tx.execute(
          'update templates.macro set name = ?, actions = ?::jsonb, version = version + 1, updated_at = now() where id = ?',
          [body.name ?? current.name, JSON.stringify(body.actions ? normalizeActions(caller, body.actions) : current.actions), id],
          'run',
        );
        const [row] = await tx.execute<MacroRow[]>(`${select} where m.id = ?`, [id], 'all');
        return toMacro(row!, caller);
      });
    },

    async remove(caller, id) {
      await app.orm.em.transactional(async (tx) => {
        await editableRow(tx, caller, id);
        await tx.execute('delete from templates.macro where id = ?', [id], 'run');
      });
    },
  };
}

/** Decorates `app.macrosRepository`. */
export const macrosRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('macrosRepository', createMacrosRepository(app));
  },
  { name: 'macros-repository', dependencies: ['switchboard-orm'] },
);
