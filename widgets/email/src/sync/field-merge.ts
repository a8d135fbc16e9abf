import { sameField, type DraftFieldName, type DraftFields } from '../draft/draft-fields';

/** The fields that follow other tabs and devices (T1); attachments and inline images do not (T5). */
export const SYNCED_FIELDS: readonly DraftFieldName[] = ['queueId', 'to', 'cc', 'bcc', 'subject', 'html', 'important'];

/** A field changed elsewhere while this tab has its own unsaved edit in it (T2). */
export interface FieldConflict {
  name: DraftFieldName;
  /** This tab's value. */
  yours: DraftFields[DraftFieldName];
  /** The value from the other tab or device. */
  theirs: DraftFields[DraftFieldName];
}

/** What this tab knows of one draft for merging. */
export interface MergeState {
  /** Each field's value as last agreed with the other tabs (sent, received or saved). */
  synced: DraftFields;
  /** What this tab shows now. */
  local: DraftFields;
  /** Fields edited in this tab since their last sync. */
  touched: ReadonlySet<DraftFieldName>;
  /** Whether this tab showed this value of the field before (its own typing, or an earlier copy). */
  shown?(name: DraftFieldName, value: DraftFields[DraftFieldName]): boolean;
}

/** How remote values meet this tab's. */
export interface MergeOutcome {
  /** Values to show at once: fields this tab did not touch, or touched to the same value. */
  apply: Partial<DraftFields>;
  /** Fields the agent must decide. */
  conflicts: FieldConflict[];
}

/**
 * Merges values from another tab or device, field by field: a field that did not change
 * elsewhere (same as synced) is left alone; one this tab did not touch is applied, and so is one
 * whose `bases` value (what the other tab had before its edit) is what this tab shows, as that
 * edit builds on this tab's; one touched here to the same value is agreed; any other is a conflict.
 */
export function mergeRemote(state: MergeState, remote: Partial<DraftFields>, bases: Partial<DraftFields> = {}): MergeOutcome {
  const outcome: MergeOutcome = { apply: {}, conflicts: [] };
  for (const name of SYNCED_FIELDS) {
    if (!(name in remote)) continue;
    const theirs = remote[name] as DraftFields[DraftFieldName];
    if (sameField(name, theirs as never, state.synced[name] as never)) continue;
    const yours = state.local[name];
    const buildsOnYours = name in bases && sameField(name, bases[name] as never, yours as never);
    if (!state.touched.has(name) || buildsOnYours || sameField(name, yours as never, theirs as never)) {
      (outcome.apply as Record<string, unknown>)[name] = theirs;
    } else if (state.shown?.(name, theirs)) {
      // An older state of what this tab has, e.g. the echo of its own save while it typed on:
      // nothing new, and this tab's newer text is saved after it.
      continue;
    } else {
      outcome.conflicts.push({ name, yours, theirs });
    }
  }
  return outcome;
}

/** The agent's pick for one conflicting field. */
export type ConflictChoice = 'yours' | 'theirs';

/** What the choices mean for the composer. */
export interface Resolution {
  /** Values to show: the fields where the other side's value was taken. */
  apply: Partial<DraftFields>;
  /** Fields whose own value stays, to be saved over the other side's. */
  keep: DraftFieldName[];
}

/**
 * Applies the agent's choices to the listed conflicts; a field without a choice keeps `fallback`
 * (Ignore all = 'yours', Apply all = 'theirs').
 */
export function resolveConflicts(
  conflicts: readonly FieldConflict[],
  choices: Partial<Record<DraftFieldName, ConflictChoice>>,
  fallback: ConflictChoice = 'yours',
): Resolution {
  const resolution: Resolution = { apply: {}, keep: [] };
  for (const conflict of conflicts) {
    if ((choices[conflict.name] ?? fallback) === 'theirs') (resolution.apply as Record<string, unknown>)[conflict.name] = conflict.theirs;
    else resolution.keep.push(conflict.name);
  }
  return resolution;
}
