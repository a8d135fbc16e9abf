import { randomBytes } from 'node:crypto';
import type { RenderContext, RenderedTemplate } from '@switchboard/contracts';
import { htmlToText, sanitizeEmailHtml } from '@switchboard/service-kit';
import { invalidTemplate } from '../errors';
import { liquid } from './liquid';

/** What is rendered: an answer's body and variables, and its frame's, if it has one. */
export interface RenderParts {
  answer: { body: string; variables: string[] };
  frame: { body: string; variables: string[] } | null;
}

/** The first word of a name, for `firstName` variables the page does not give. */
const firstWord = (name: string | undefined) => name?.trim().split(/\s+/)[0];

/** The value of every variable the page's context and the agent's typing give, by name; typing wins. */
function valuesFrom(context: RenderContext, typed: Record<string, string>): Map<string, string> {
  const known: Record<string, string | number | undefined> = {
    'ticket.number': context.ticket?.number,
    'ticket.title': context.ticket?.title,
    'contact.name': context.contact?.name,
    'contact.firstName': context.contact?.firstName ?? firstWord(context.contact?.name),
    'company.name': context.company?.name,
    'agent.name': context.agent?.name,
    'agent.firstName': context.agent?.firstName ?? firstWord(context.agent?.name),
    'queue.name': context.queue?.name,
  };
  const values = new Map<string, string>();
  const agentTyped = Object.entries(typed).filter(([name]) => Object.hasOwn(known, name));
  for (const [name, value] of [...Object.entries(known), ...agentTyped]) {
    const text = value === undefined ? '' : String(value).trim();
    if (text !== '') values.set(name, text);
  }
  return values;
}

/** `{ contact: { name } }` from `contact.name`, for Liquid's scope. */
function scopeOf(values: Map<string, string>): Record<string, Record<string, string> | string> {
  const scope: Record<string, Record<string, string>> = {};
  for (const [name, value] of values) {
    const [object, field] = name.split('.') as [string, string];
    (scope[object] ??= {})[field] = value;
  }
  return scope;
}

function renderBody(body: string, scope: object): string {
  try {
    return sanitizeEmailHtml(String(liquid.parseAndRenderSync(body, scope)));
  } catch (error) {
    throw invalidTemplate(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Renders an answer inside its frame (E10). Values are HTML-escaped by the engine and the
 * result is sanitized again (a `raw` filter cannot smuggle markup in). A variable with no value
 * never renders as "-" or `{{ }}`: the answer then has no `html`, only a `preview` in which each
 * missing one is a marked `[name]`, and `missing` lists them for the agent to fill.
 */
export function renderAnswer(parts: RenderParts, context: RenderContext = {}, typed: Record<string, string> = {}): RenderedTemplate {
  const values = valuesFrom(context, typed);
  const used = [...new Set([...(parts.frame?.variables ?? []), ...parts.answer.variables])].filter((name) => name !== 'content');
  const missing = used.filter((name) => !values.has(name));
  // Markers are letters and digits only, so escaping and sanitizing leave them as they are.
  const nonce = randomBytes(8).toString('hex');
  const marker = (i: number) => `sbmissing${i}x${nonce}`;
  missing.forEach((name, i) => values.set(name, marker(i)));
  const scope = scopeOf(values);
  const answer = renderBody(parts.answer.body, scope);
  const slot = `sbcontent${nonce}`;
  const framed = parts.frame ? renderBody(parts.frame.body, { ...scope, content: slot }).replace(slot, () => answer) : answer;
  const preview = missing.reduce(
    (html, name, i) => html.replaceAll(marker(i), `<mark data-variable="${name}">[${name}]</mark>`),
    framed,
  );
  const html = missing.length ? null : framed;
  return { html, text: html === null ? null : htmlToText(html), preview, missing };
}
