export { createServiceApp, type ReadyCheck, type RegisteredRoute, type ServiceApp, type ServiceAppOptions } from './app';
export {
  BlobTooLargeError,
  createFileBlobStore,
  readBlob,
  type BlobStore,
  type PutResult,
  type StoredBlob,
} from './blob-store';
export { blobStoreFromEnvironment } from './blob-store-s3-environment';
export { authPlugin, remoteKeySet, requireRole, TOKEN_ALGORITHM, verifyAccessToken, type AuthOptions } from './auth';
export { AppError, badRequest, conflict, errorBody, forbidden, notFound, unauthorized } from './errors';
export { inRequestContext, openOrm, ormPlugin, type MigrationEntry, type OrmOptions } from './orm';
export { numberedParameters, queryPrepared, transactionPrepared, type PreparedQuery } from './db/prepared';
export { LookupBatcher, type LookupBatcherOptions } from './db/lookup-batcher';
export { intFromEnv, requireEnv, runService, serveFromEnvironment, startFromEnvironment, type RunOptions, type ServiceEnvironment } from './server';
export { serviceTokenSource, type ServiceTokenSourceOptions } from './service-token';
export { serviceUrl } from './service-url';
export { callerOf, requireUser, type Caller, type UserCaller } from './caller';
export {
  isAdmin,
  isAssignee,
  isQueueMember,
  isService,
  maySeeQueued,
  queueScope,
  seesEverything,
  type QueuedRecord,
  type QueueScope,
} from './access';
export { isDeclaredErrorCode, serve, type ContractHandler, type ContractRequest, type ServeOptions } from './routes';
export { closeGracefully, type GracefulCloseOptions } from './shutdown';
export { withSeedLock } from './seed-lock';
export { createPeriodicTask, type PeriodicTask, type PeriodicTaskOptions, type StepOutcome } from './background/periodic-task';
export {
  createOutboxRelay,
  type OutageReport,
  type OutboxDestination,
  type OutboxRelay,
  type OutboxRelayOptions,
  type OutboxRow,
  type OutboxTable,
} from './background/outbox-relay';
export { htmlToText, sanitizeEmailHtml, sanitizeReceivedHtml } from './html/sanitize';
export * from './events';
export { jobMetrics, serveMetrics, type JobMetrics, type MetricsServer } from './worker-metrics';
export { currentTraceparent, inSpan, startTracing, traceRequests, tracingEnabled, type Tracing } from './tracing';
