import { normalizeTag, type MacroAction } from '@switchboard/contracts';

/**
 * A macro's actions as stored (E13): their order kept, tags normalized as tickets stores them and
 * each named once, text trimmed. The schema has checked every action's shape already.
 */
export function normalizeActions(actions: MacroAction[]): MacroAction[] {
  return actions.map((action) => {
    switch (action.type) {
      case 'addTags':
      case 'removeTags':
        return { type: action.type, tags: [...new Set(action.tags.map(normalizeTag))] };
      case 'addNote':
        return { type: action.type, text: action.text.trim() || action.text };
      case 'followUp':
        return { ...action, title: action.title.trim() || action.title };
      default:
        return action;
    }
  });
}
