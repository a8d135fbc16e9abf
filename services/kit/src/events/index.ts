export { createServiceEventConsumer, type ConsumeOutcome, type ServiceEventConsumer, type ServiceEventConsumerOptions, type ServiceEventHandler, type ServiceEventHandlers } from './event-consumer';
export { createServiceEventRelay, type ServiceEventRelay, type ServiceEventRelayOptions } from './event-relay';
export { serviceEventsPlugin, type ServiceEventsConfig, type ServiceEventsPluginOptions } from './events.plugin';
export { serviceEventsFromEnvironment } from './environment';
export { recordServiceEvent, type NewServiceEvent, type SqlExecutor } from './record-event';
export { DEFAULT_EVENTS_PREFIX, eventQueueName, subscribersKey, type EventsLog, type RedisConnection } from './redis';
export { eventInboxTablesSql, eventOutboxTableSql } from './tables';
