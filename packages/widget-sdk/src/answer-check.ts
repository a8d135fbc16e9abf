import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { UUID_PATTERN, type RouteContract } from '@switchboard/contracts';
import { ApiError } from './api-client';

// The formats the contracts use; TypeBox knows none by itself.
const formats: Record<string, (value: string) => boolean> = {
  uuid: (value) => UUID_PATTERN.test(value),
  'date-time': (value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value),
  email: (value) => /^[^\s@]+@[^\s@]+$/.test(value),
  uri: (value) => URL.canParse(value),
};
for (const [name, check] of Object.entries(formats)) if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);

/**
 * Throws `ApiError` CONTRACT_MISMATCH when an answer does not fit its route's contract: a
 * service and its clients drifted apart. Loaded only where answers are checked (not in production).
 */
export function checkAnswer(route: RouteContract, answer: unknown): void {
  const schema = route.response as TSchema;
  if (Value.Check(schema, answer)) return;
  const first = Value.Errors(schema, answer).First();
  throw new ApiError(
    200,
    'CONTRACT_MISMATCH',
    `${route.method} ${route.path} answered outside its contract: ${first?.path || '/'} ${first?.message ?? ''}`.trim(),
    first ? { path: first.path, message: first.message } : undefined,
  );
}
