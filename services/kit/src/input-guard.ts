import { CommonErrorCode } from '@switchboard/contracts';
import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import { badRequest } from './errors';

/** Deepest nesting of arrays and objects a request may carry. */
export const MAX_INPUT_DEPTH = 32;

/** NUL (PostgreSQL refuses it in text) and Unicode noncharacters. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const FORBIDDEN_CHARACTER = /[\u0000\uFDD0-\uFDEF\uFFFE\uFFFF]/;

/** Text with NUL, a noncharacter or a lone surrogate: none has a place in anything an agent or a customer writes. */
const forbidden = (text: string) => FORBIDDEN_CHARACTER.test(text) || !text.isWellFormed();

type InputProblem = { code: string; path: string };

/** The problem one level down, with the key or index it was found under put in front of its path. */
const under = (key: string | number, problem: InputProblem | null): InputProblem | null => problem && { code: problem.code, path: `/${key}${problem.path}` };

/**
 * What is wrong with a parsed request part, with the JSON pointer of the first offence; null when
 * nothing. It runs twice on every request, so input that passes allocates nothing: a path is
 * built only for a problem, on the way back up.
 */
export function inputProblem(value: unknown, depth = 0): InputProblem | null {
  if (typeof value === 'string') return forbidden(value) ? { code: CommonErrorCode.invalidCharacter, path: '' } : null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { code: CommonErrorCode.validation, path: '' };
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_INPUT_DEPTH) return { code: CommonErrorCode.tooDeep, path: '' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = under(i, inputProblem(value[i], depth + 1));
      if (problem) return problem;
    }
    return null;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (forbidden(key)) return { code: CommonErrorCode.invalidCharacter, path: `/${key}` };
    const problem = under(key, inputProblem((value as Record<string, unknown>)[key], depth + 1));
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
