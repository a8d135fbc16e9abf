import type { RouteGroup } from '@switchboard/contracts';

/**
 * The callers every authorization matrix tries (docs/decisions/0009-who-may-see-what.md):
 * - `owner`: the user the record belongs to (a ticket's assignee);
 * - `sameQueue`: another agent of the record's queue or team;
 * - `otherTeam`: an agent of another team;
 * - `admin`: an administrator;
 * - `service`: a service token.
 */
export const MATRIX_ROLES = ['owner', 'sameQueue', 'otherTeam', 'admin', 'service'] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/**
 * What one role gets from one route: a status, or a success status with whether the answer
 * carries the record's data (`carries: false` for a list that must leave the record out).
 * Answers of 400 and above never carry it.
 */
export type MatrixExpectation = number | { status: number; carries: boolean };

/** The expected answer of every route of a group for every role. */
export type AccessMatrix<G extends RouteGroup> = { [Route in keyof G]: Record<MatrixRole, MatrixExpectation> };

/** One answer of a route to one role, and the record's data it must or must not carry. */
export interface MatrixAnswer {
  status: number;
  body: string;
  /** Strings only the record holds (a unique title, names): none may appear in a refused answer. */
  data: readonly string[];
}

export interface AccessMatrixOptions<G extends RouteGroup> {
  group: G;
  /** Typed over the group, and checked again at run time: a route without an entry fails. */
  table: AccessMatrix<G>;
  /** Calls the route as the role, on a fresh record, so that no cell depends on another. */
  send(route: keyof G & string, role: MatrixRole): Promise<MatrixAnswer>;
}

/** What a matrix run found; a passing test expects `problems` to be empty. */
export interface AccessMatrixReport {
  problems: string[];
  /** Cells tried: routes × roles. */
  cells: number;
}

const statusOf = (expectation: MatrixExpectation) => (typeof expectation === 'number' ? expectation : expectation.status);

/** Routes of the group missing from the table, and entries naming no route or leaving a role out. */
export function accessMatrixGaps(group: RouteGroup, table: Record<string, Partial<Record<MatrixRole, MatrixExpectation>>>): string[] {
  const gaps = Object.keys(group)
    .filter((route) => !(route in table))
    .map((route) => `route ${route} has no entry in the access matrix`);
  for (const [route, roles] of Object.entries(table)) {
    if (!(route in group)) gaps.push(`access matrix entry ${route} names no route of the group`);
    for (const role of MATRIX_ROLES) if (!(role in roles)) gaps.push(`access matrix entry ${route} leaves out ${role}`);
  }
  return gaps;
}

/**
 * Calls every route of the group as every role and compares each answer with the table: the
 * status, and whether the record's data is in the answer. A route added to the group without an
 * entry, an unexpected status, and a refused answer naming the record are all problems.
 */
export async function runAccessMatrix<G extends RouteGroup>(options: AccessMatrixOptions<G>): Promise<AccessMatrixReport> {
  const { group, table, send } = options;
  const problems = accessMatrixGaps(group, table);
  let cells = 0;
  for (const route of Object.keys(group).filter((name) => name in table) as (keyof G & string)[]) {
    for (const role of MATRIX_ROLES) {
      const expectation = table[route][role];
      if (expectation === undefined) continue;
      cells++;
      const answer = await send(route, role);
      const where = `${route} as ${role}`;
      if (answer.status !== statusOf(expectation)) {
        problems.push(`${where}: expected ${statusOf(expectation)}, got ${answer.status} ${answer.body.slice(0, 200)}`);
      }
      const carried = answer.data.filter((value) => answer.body.includes(value));
      if (answer.status >= 400 && carried.length > 0) problems.push(`${where}: refused answer carries ${carried.join(', ')}`);
      if (typeof expectation === 'object' && answer.status < 400) {
        if (expectation.carries && carried.length < answer.data.length) problems.push(`${where}: the answer leaves out the record`);
        if (!expectation.carries && carried.length > 0) problems.push(`${where}: the answer carries ${carried.join(', ')}`);
      }
    }
  }
  return { problems, cells };
}
