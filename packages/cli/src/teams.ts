import { identityApi } from '@switchboard/contracts';
import type { LayoutChoice, LayoutTarget } from './args';
import type { PlatformAuth } from './auth';
import { CliError } from './errors';

/**
 * The layout a choice names. A team name becomes its id as identity lists the teams (an admin's
 * route): the exact name first, else the one name that matches ignoring case.
 */
export async function resolveLayout(choice: LayoutChoice, auth: PlatformAuth): Promise<LayoutTarget> {
  if (choice.kind !== 'team-name') return choice;
  const identity = await auth.identity(`--team "${choice.teamName}" (a team by name)`);
  const { items } = await identity.call(identityApi.listTeams, {});
  const wanted = choice.teamName.toLowerCase();
  const team = items.find((t) => t.name === choice.teamName) ?? items.find((t) => t.name.toLowerCase() === wanted);
  if (!team) throw new CliError(`No team is named "${choice.teamName}"; the teams are: ${items.map((t) => t.name).join(', ') || 'none'}`);
  return { kind: 'team', teamId: team.id, teamName: team.name };
}
