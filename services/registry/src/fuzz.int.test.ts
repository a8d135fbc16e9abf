import { randomUUID } from 'node:crypto';
import { connectApi, frameOriginsApi, registryApi } from '@switchboard/contracts';
import { fuzzRoutes, fuzzSummary, type FuzzReport } from '@switchboard/service-kit/testing';
import { createRegistryTestContext, type RegistryTestContext } from './testing/registry-test-context';
import { widgetBuild } from './testing/widget-build';

// No input answers 5xx (issue 12): malformed variants of every registry route, as an admin so
// that they reach the handlers, with widgets and versions that exist.

const teamId = randomUUID();
let ctx: RegistryTestContext;
let report: FuzzReport;

beforeAll(async () => {
  ctx = await createRegistryTestContext();
  for (const [name, version] of [['email', '1.0.0'], ['email', '1.1.0']]) {
    const res = await ctx.publish(widgetBuild({ name, version }));
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  await ctx.activate('email', '1.0.0');
  const admin = await ctx.auth({ role: 'admin', teams: [teamId] });
  report = await fuzzRoutes({ inject: ctx.inject, headers: () => admin }, { ...registryApi, ...frameOriginsApi, ...connectApi }, {
    knownParams: { name: ['email'], version: ['1.0.0', '1.1.0'], page: ['inbox'], teamId: [teamId] },
    validBodies: {
      activateVersion: { version: '1.1.0' },
      setCanary: { version: '1.1.0', percent: 10, teams: [] },
      reportFailure: { message: 'failed', page: 'inbox' },
      addFrameOrigin: { origin: 'https://fuzz.example' },
      approveConnect: { origins: [] },
    },
  });
  // eslint-disable-next-line no-console -- the per-service figures issue 12 asks for
  console.log(fuzzSummary('registry', report));
}, 120_000);
afterAll(() => ctx.close());

it('answers no malformed request with a 5xx, and every 4xx with a code', () => {
  expect(report.failures).toEqual([]);
  expect(ctx.serverErrors()).toEqual([]);
  expect(report.requests).toBeGreaterThan(report.routes * 10);
});

it('refuses a NUL in an asset path with 400 INVALID_CHARACTER (it answered 500)', async () => {
  for (const url of ['/assets/email/1.0.0/x%00.js', '/assets/email/1.0.0/%00/remoteEntry.js', '/assets/email%00/1.0.0/remoteEntry.js']) {
    const res = await ctx.inject({ method: 'GET', url });
    expect({ url, status: res.statusCode, code: res.json().code }).toEqual({ url, status: 400, code: 'INVALID_CHARACTER' });
  }
});
