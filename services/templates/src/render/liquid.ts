import { CONTENT_SLOT, TEMPLATE_VARIABLES, type TemplateKind } from '@switchboard/contracts';
import { Liquid, type Template as LiquidTemplate } from 'liquidjs';
import { invalidTemplate, invalidTree, unknownVariable } from '../errors';

/**
 * One Liquid engine for every template: strict (an unknown variable or filter is an error, never
 * an empty string or a "-"), every output HTML-escaped, no file system (`include`, `render` and
 * `layout` find nothing and are refused at save anyway), and limits so that no body can loop or
 * grow without end.
 */
export const liquid = new Liquid({
  strictVariables: true,
  strictFilters: true,
  outputEscape: 'escape',
  ownPropertyOnly: true,
  templates: {},
  cache: false,
  parseLimit: 200_000,
  renderLimit: 500,
  memoryLimit: 5_000_000,
});

/** The tags a template may use: conditions and comments, nothing that loads or loops. */
const ALLOWED_TAGS = new Set([
  'if', 'elsif', 'else', 'endif', 'unless', 'endunless', 'case', 'when', 'endcase',
  'comment', 'endcomment', 'raw', 'endraw', 'assign', 'capture', 'endcapture',
]);

const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

/** A body checked at save: parsed, its variables known, the frame's slot where it must be. */
export interface CheckedBody {
  parsed: LiquidTemplate[];
  /** The variables it uses, in order of first use (`content` included for a frame). */
  variables: string[];
}

/** The variables a parsed body reads from outside itself, as `contact.name`. */
function variablesOf(parsed: LiquidTemplate[]): string[] {
  const names = liquid.globalVariableSegmentsSync(parsed).map((segments) => segments.map(String).join('.'));
  return [...new Set(names)];
}

/**
 * Checks a (sanitized) body for its kind: valid Liquid with allowed tags and filters only, only
 * known variables (400 UNKNOWN_VARIABLE naming the first other), and for a frame exactly one
 * `{{ content }}`, which an answer may not use.
 */
export function checkBody(body: string, kind: TemplateKind): CheckedBody {
  for (const [, tag] of body.matchAll(/\{%-?\s*([A-Za-z_]\w*)/g)) {
    if (!ALLOWED_TAGS.has(tag!)) throw invalidTemplate(`the tag ${tag} is not allowed`);
  }
  let parsed: LiquidTemplate[];
  let variables: string[];
  try {
    parsed = liquid.parse(body);
    variables = variablesOf(parsed);
  } catch (error) {
    throw invalidTemplate(error instanceof Error ? error.message : String(error));
  }
  for (const name of variables) {
    if (!KNOWN.has(name) && !(kind === 'frame' && name === CONTENT_SLOT)) throw unknownVariable(name);
  }
  if (kind === 'frame') {
    const slots = body.match(/\{\{-?\s*content\s*-?\}\}/g)?.length ?? 0;
    if (slots !== 1) throw invalidTree('A frame needs exactly one {{ content }} where its answer goes');
  }
  return { parsed, variables };
}
