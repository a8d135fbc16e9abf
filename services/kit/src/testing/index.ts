export { createTestDatabase, TEST_PG_URL, withAdminClient, type TestDatabase } from './database';
export { ensureInfra, isListening } from './infra';
export { injectFetch, routeContractProblems } from './contracts';
export { createTestKeys, unsignedToken, type TestClaims, type TestKeys } from './keys';
export { fuzzRoutes, fuzzSummary, type FuzzFailure, type FuzzOptions, type FuzzReport, type FuzzTarget } from './fuzz';
export { createServiceTestContext, recordingInject, type RecordingInject, type ServiceTestContext } from './service-context';
export { badTokens } from './bad-tokens';
export {
  accessMatrixGaps,
  MATRIX_ROLES,
  runAccessMatrix,
  type AccessMatrix,
  type AccessMatrixOptions,
  type AccessMatrixReport,
  type MatrixAnswer,
  type MatrixExpectation,
  type MatrixRole,
} from './access-matrix';
export { dropTestEvents, startPrivateRedis, TEST_REDIS_URL, testEventsPrefix, type PrivateRedis } from '../events/testing';
export { attributeOf, SPAN_KIND, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';
