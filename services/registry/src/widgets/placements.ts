import type { LayoutItem, Placement } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';

/** A layout row of a team (`team_id`) or the default (null). */
export interface PlacementRow {
  team_id: string | null;
  items: LayoutItem[];
}

/** Where each widget is visible, from the team and default layout rows: a widget no row shows is absent. */
export function placementsFrom(rows: PlacementRow[]): Map<string, Placement> {
  const placements = new Map<string, Placement>();
  for (const row of rows) {
    for (const item of row.items) {
      if (item.hidden) continue;
      const placement = placements.get(item.widget) ?? { default: false, teams: [] };
      if (row.team_id === null) placement.default = true;
      else placement.teams.push(row.team_id);
      placements.set(item.widget, placement);
    }
  }
  for (const placement of placements.values()) placement.teams.sort();
  return placements;
}

/** The email detail page's team and default layout rows (agents' own left out). */
export async function placements(app: FastifyInstance): Promise<Map<string, Placement>> {
  const rows = await app.orm.em.execute<PlacementRow[]>(
    "select team_id, items from registry.layout where page = 'email-detail' and user_id is null",
  );
  return placementsFrom(rows);
}
