import type { Locale, TemplateKind } from '@switchboard/contracts';
import type { Scoped } from '../access';
import { invalidTree } from '../errors';

/** What decides whether a template may sit under a frame. */
export interface Placed extends Scoped {
  kind: TemplateKind;
  language: Locale;
}

/** True when everyone who sees `child` also sees `parent`, so that the answer always renders in its frame. */
function audienceWithin(child: Scoped, parent: Scoped): boolean {
  if (parent.scope === 'everyone') return true;
  if (parent.scope === 'team') return (child.scope === 'team' && child.teamId === parent.teamId) || child.scope === 'personal';
  return child.scope === 'personal' && child.ownerId === parent.ownerId;
}

/**
 * Checks an answer's place under its frame (E10): a frame sits at the top, an answer's parent is
 * a frame of the same language whose audience includes the answer's (400 INVALID_TREE).
 */
export function checkPlacement(template: Placed, parent: Placed | null): void {
  if (parent === null) return;
  if (template.kind === 'frame') throw invalidTree('A frame cannot sit inside another template');
  if (parent.kind !== 'frame') throw invalidTree('An answer goes inside a frame, not inside another answer');
  if (parent.language !== template.language) throw invalidTree('An answer and its frame are in one language');
  if (!audienceWithin(template, parent)) throw invalidTree('The frame must be visible to everyone who sees the answer');
}
