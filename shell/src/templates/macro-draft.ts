import type { MacroAction, TicketPriority, TicketStatus } from '@switchboard/contracts';

/** The kinds of macro action, in the order the editor offers them. */
export const ACTION_TYPES: Array<MacroAction['type']> = ['setStatus', 'setPriority', 'assignAgent', 'assignQueue', 'assignTeam', 'addTags', 'removeTags', 'addNote', 'followUp'];
export const TICKET_STATUSES: TicketStatus[] = ['open', 'pending', 'closed'];
export const TICKET_PRIORITIES: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/**
 * One action as the macro editor holds it while it is typed: `value` is the status, priority,
 * agent, queue or team id, the tags separated by commas, the note, or a follow-up's hours;
 * `title` is a follow-up's title.
 */
export interface ActionDraft {
  type: MacroAction['type'];
  value: string;
  title: string;
}

/** What a new action of `type` starts with: the first status or priority, or the given id. */
export function newDraft(type: MacroAction['type'], firstIds: { agentId?: string; queueId?: string; teamId?: string } = {}): ActionDraft {
  switch (type) {
    case 'setStatus':
      return { type, value: 'closed', title: '' };
    case 'setPriority':
      return { type, value: 'normal', title: '' };
    case 'assignAgent':
      return { type, value: firstIds.agentId ?? '', title: '' };
    case 'assignQueue':
      return { type, value: firstIds.queueId ?? '', title: '' };
    case 'assignTeam':
      return { type, value: firstIds.teamId ?? '', title: '' };
    case 'followUp':
      return { type, value: '24', title: '' };
    default:
      return { type, value: '', title: '' };
  }
}

/** The draft of a saved action. */
export function draftOf(action: MacroAction): ActionDraft {
  switch (action.type) {
    case 'setStatus':
      return { type: action.type, value: action.status, title: '' };
    case 'setPriority':
      return { type: action.type, value: action.priority, title: '' };
    case 'assignAgent':
      return { type: action.type, value: action.agentId, title: '' };
    case 'assignQueue':
      return { type: action.type, value: action.queueId, title: '' };
    case 'assignTeam':
      return { type: action.type, value: action.teamId, title: '' };
    case 'addTags':
    case 'removeTags':
      return { type: action.type, value: action.tags.join(', '), title: '' };
    case 'addNote':
      return { type: action.type, value: action.text, title: '' };
    case 'followUp':
      return { type: action.type, value: String(action.inHours), title: action.title };
  }
}

const splitTags = (value: string) => [...new Set(value.split(',').map((tag) => tag.trim()).filter(Boolean))];

/** The action a draft stands for, or null while it is incomplete. */
export function actionOf(draft: ActionDraft): MacroAction | null {
  const value = draft.value.trim();
  switch (draft.type) {
    case 'setStatus':
      return TICKET_STATUSES.includes(value as TicketStatus) ? { type: draft.type, status: value as TicketStatus } : null;
    case 'setPriority':
      return TICKET_PRIORITIES.includes(value as TicketPriority) ? { type: draft.type, priority: value as TicketPriority } : null;
    case 'assignAgent':
      return value ? { type: draft.type, agentId: value } : null;
    case 'assignQueue':
      return value ? { type: draft.type, queueId: value } : null;
    case 'assignTeam':
      return value ? { type: draft.type, teamId: value } : null;
    case 'addTags':
    case 'removeTags': {
      const tags = splitTags(value);
      return tags.length ? { type: draft.type, tags } : null;
    }
    case 'addNote':
      return value ? { type: draft.type, text: value } : null;
    case 'followUp': {
      const inHours = Number(value);
      const title = draft.title.trim();
      return Number.isInteger(inHours) && inHours >= 1 && title ? { type: draft.type, inHours, title } : null;
    }
  }
}

/** `list` with the item at `from` moved to `to` (a new array; out-of-range moves change nothing). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  if (from < 0 || to < 0 || from >= copy.length || to >= copy.length) return copy;
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item);
  return copy;
}
