import type { EntityManager } from '@mikro-orm/postgresql';
import { sanitizeEmailHtml, withSeedLock, type Caller } from '@switchboard/service-kit';
import { normalizeActions } from '../macros/actions';
import { checkBody } from '../render/liquid';
import { DEMO_MACROS, DEMO_TEMPLATES, demoMacroId, demoTemplateId, type DemoMacro, type DemoTemplate } from './demo-data';

/** Any fixed number shared by every replica, so that only one of them seeds. */
const SEED_LOCK = 0x746d706c;

/** The seed writes as the service itself: the demo's teams are its to name. */
const SEEDER: Caller = { sub: 'service:templates', userId: null, queues: [], teams: [], isAdmin: false, isService: true };

/** What a seed inserted. */
export interface SeedCounts {
  templates: number;
  macros: number;
}

async function insertDemo(em: EntityManager, templates: DemoTemplate[], macros: DemoMacro[]): Promise<SeedCounts> {
  // Frames first: an answer's parent must exist. Bodies go through the same checks as the API's.
  for (const t of [...templates].sort((a, b) => Number(a.kind === 'answer') - Number(b.kind === 'answer'))) {
    const body = sanitizeEmailHtml(t.body);
    const { variables } = checkBody(body, t.kind);
    await em.execute(
      `insert into templates.template (id, kind, parent_id, name, folder, language, body, variables, scope, owner_id, team_id)
       values (?, ?, ?, ?, ?, ?, ?, array(select jsonb_array_elements_text(?::jsonb)), ?, null, ?)`,
      [demoTemplateId(t.key), t.kind, t.parent ? demoTemplateId(t.parent) : null, t.name, t.folder, t.language, body,
        JSON.stringify(variables), t.scope, t.teamId ?? null],
      'run',
    );
  }
  for (const m of macros) {
    await em.execute('insert into templates.macro (id, name, actions, scope, owner_id, team_id) values (?, ?, ?::jsonb, ?, null, ?)', [
      demoMacroId(m.key), m.name, JSON.stringify(normalizeActions(SEEDER, m.actions)), m.scope, m.teamId ?? null,
    ], 'run');
  }
  return { templates: templates.length, macros: macros.length };
}

/**
 * Seeds the demo when there are no templates; returns what it inserted, or null when there were
 * some already. Under the kit's seed lock, so that of two replicas one seeds.
 */
export async function seedDemoIfEmpty(em: EntityManager): Promise<SeedCounts | null> {
  return withSeedLock(em, SEED_LOCK, async (tx) => {
    const [{ any }] = await tx.execute<{ any: boolean }[]>('select exists (select 1 from templates.template) as "any"');
    return any ? null : insertDemo(tx, DEMO_TEMPLATES, DEMO_MACROS);
  });
}
