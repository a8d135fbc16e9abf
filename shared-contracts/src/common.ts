import { Type } from '@sinclair/typebox';

/** A UUID path or body value. */
export const UuidSchema = Type.String({ format: 'uuid' });

/** An RFC 3339 timestamp as sent over the wire. */
export const TimestampSchema = Type.String({ format: 'date-time' });

/**
 * Most items a service's batch route takes in one call: tickets' `POST /tickets/changes` and the
 * CRM's `POST /activities/batch`, and so the runs of one macro batch (decision 0013). A call costs
 * its request, transaction and planning whatever its size, so under load bigger batches cost less
 * per send.
 */
export const MAX_BATCH_ITEMS = 500;

/**
 * The body a batch route takes (services' default is 1 MiB): MAX_BATCH_ITEMS macro notes at their
 * longest (10,000 characters) fit, so a batch is never refused whole for its size.
 */
export const MAX_BATCH_BODY_BYTES = 16 * 1024 * 1024;

/** Supported UI languages. */
export const LocaleSchema = Type.Union([Type.Literal('en'), Type.Literal('cs')]);

/** Paging query shared by list endpoints. */
export const PageQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
});

/** Body of /health and /ready. */
export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  service: Type.String(),
  checks: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.String()]))),
});

/** A UUID as text, case-insensitive: user ids in token subjects, ids typed on a command line. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
