import { defineRoute } from '@switchboard/contracts';
import { runAccessMatrix, type MatrixRole } from './access-matrix';

const group = {
  read: defineRoute({ method: 'GET', path: '/things/:id', summary: 'Read', tags: [], response: null, errors: [] }),
  list: defineRoute({ method: 'GET', path: '/things', summary: 'List', tags: [], response: null, errors: [] }),
} as const;

const everyone = (status: number) => ({ owner: status, sameQueue: status, otherTeam: status, admin: status, service: status });

describe('runAccessMatrix', () => {
  it('fails when a route of the group has no entry', async () => {
    const table = { read: everyone(200) } as never;
    const report = await runAccessMatrix({ group, table, send: async () => ({ status: 200, body: '', data: [] }) });
    expect(report.problems).toEqual(['route list has no entry in the access matrix']);
    expect(report.cells).toBe(5);
  });

  it('reports a wrong status, a refused answer carrying the record, and a list that should leave it out', async () => {
    const table = {
      read: { ...everyone(200), otherTeam: 404 },
      list: { ...everyone(200), otherTeam: { status: 200, carries: false } },
    };
    const send = async (route: string, role: MatrixRole) => {
      if (role === 'otherTeam') return { status: route === 'read' ? 404 : 200, body: '{"title":"Secret plan"}', data: ['Secret plan'] };
      return { status: role === 'service' ? 403 : 200, body: '{}', data: [] };
    };
    const report = await runAccessMatrix({ group, table, send });
    expect(report.cells).toBe(10);
    expect(report.problems).toEqual([
      'read as otherTeam: refused answer carries Secret plan',
      'read as service: expected 200, got 403 {}',
      'list as otherTeam: the answer carries Secret plan',
      'list as service: expected 200, got 403 {}',
    ]);
  });
});
