import { CommonErrorCode } from '@switchboard/contracts';
import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import { badRequest } from './errors';

/** Deepest nesting of arrays and objects a request may carry. */
export const MAX_INPUT_DEPTH = 32;

/**
 * NUL (PostgreSQL refuses it in text), lone surrogates and Unicode noncharacters: none has a place
 * in anything an agent or a customer writes.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const FORBIDDEN_CHARACTER = /[\u0000\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a parsed request part, with the JSON pointer of the first offence; null when nothing. */
export function inputProblem(value: unknown, path = '', depth = 0): { code: string; path: string } | null {
  if (typeof value === 'string') return FORBIDDEN_CHARACTER.test(value) ? { code: CommonErrorCode.invalidCharacter, path } : null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { code: CommonErrorCode.validation, path };
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_INPUT_DEPTH) return { code: CommonErrorCode.tooDeep, path };
  for (const [key, item] of Object.entries(value)) {
    const itemPath = `${path}/${key}`;
    if (FORBIDDEN_CHARACTER.test(key)) return { code: CommonErrorCode.invalidCharacter, path: itemPath };
    const problem = inputProblem(item, itemPath, depth + 1);
    if (problem) return problem;
  }
  return null;
}

const messages: Record<string, string> = {
  [CommonErrorCode.invalidCharacter]: 'contains a character that is not allowed (NUL, a noncharacter or a lone surrogate)',
  [CommonErrorCode.tooDeep]: `is nested deeper than ${MAX_INPUT_DEPTH} levels`,
  [CommonErrorCode.validation]: 'must be a finite number',
};

/**
 * Refuses, with 400 and a code, input that would otherwise fail deep inside (a 500): forbidden
 * characters and too deep nesting before validation, and numbers that validation let through
 * as infinite (`1e309`, `Infinity`) after it coerced them. Callback hooks, not async ones: they
 * run on every request and have nothing to wait for, so no promise per hook.
 */
export function installInputGuard(app: FastifyInstance): void {
  const check: preValidationHookHandler = (request, _reply, done) => {
    const parts = { params: request.params, querystring: request.query, body: request.body };
    for (const [part, value] of Object.entries(parts)) {
      const problem = inputProblem(value);
      if (problem) return done(badRequest(problem.code, `Invalid ${part}: ${problem.path || part} ${messages[problem.code]}`, { path: problem.path }));
    }
    done();
  };
  app.addHook('preValidation', check);
  app.addHook('preHandler', check);
}
