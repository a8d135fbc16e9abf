import { ensureInfra } from './infra';

/** Jest global setup for integration tests: real PostgreSQL and Redis must answer. */
export default async function globalSetup(): Promise<void> {
  await ensureInfra();
}
