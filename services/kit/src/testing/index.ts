export { createTestDatabase, TEST_PG_URL, type TestDatabase } from './database';
export { ensureInfra, isListening } from './infra';
export { injectFetch, routeContractProblems } from './contracts';
export { createTestKeys, unsignedToken, type TestClaims, type TestKeys } from './keys';
