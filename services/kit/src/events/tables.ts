// The SQL of the event tables, for a service's own migration to run (decision 0010). A shipped
// migration must never change, so this SQL is frozen: a later change gets a new function.

/** Quotes a schema name for SQL; schema names are the service's own, e.g. `crm`. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Not a plain schema name: ${schema}`);
  return `"${schema}"`;
}

/**
 * Creates `<schema>.event_outbox`: events a producer records in the transaction of its change,
 * in `seq` order, until the relay marks them relayed (and later prunes them).
 */
export function eventOutboxTableSql(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `create table ${s}."event_outbox" (
      "id" uuid primary key,
      "seq" bigint generated always as identity,
      "type" text not null,
      "aggregate" text not null,
      "aggregate_id" text not null,
      "version" bigint null,
      "payload" jsonb not null,
      "created_at" timestamptz not null default now(),
      "relayed_at" timestamptz null
    )`,
    `create unique index "event_outbox_seq_idx" on ${s}."event_outbox" ("seq")`,
    `create index "event_outbox_pending_idx" on ${s}."event_outbox" ("seq") where "relayed_at" is null`,
    `create index "event_outbox_relayed_idx" on ${s}."event_outbox" ("relayed_at") where "relayed_at" is not null`,
  ];
}

/**
 * Creates a consumer's `<schema>.processed_event` (each event id once, with what came of it,
 * written in the transaction of the effect) and `<schema>.aggregate_version` (the newest
 * version applied per aggregate; older events are skipped).
 */
export function eventInboxTablesSql(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `create table ${s}."processed_event" (
      "event_id" uuid primary key,
      "type" text not null,
      "outcome" text not null check ("outcome" in ('applied', 'stale', 'rejected')),
      "processed_at" timestamptz not null default now()
    )`,
    `create index "processed_event_at_idx" on ${s}."processed_event" ("processed_at")`,
    `create table ${s}."aggregate_version" (
      "aggregate" text not null,
      "aggregate_id" text not null,
      "version" bigint not null,
      primary key ("aggregate", "aggregate_id")
    )`,
  ];
}
