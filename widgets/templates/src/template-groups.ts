import type { TemplateSummary } from '@switchboard/contracts';

/** Answers under one frame (or under none), in the order the service ranked them. */
export interface TemplateGroup {
  /** The frame, or null for answers inserted without one. */
  frame: TemplateSummary | null;
  answers: TemplateSummary[];
}

/**
 * Groups answers under their frames for the tree (E10: a frame is shown as the heading of its
 * answers, never as something to insert). A group comes where its best answer comes.
 */
export function groupByFrame(answers: readonly TemplateSummary[], frames: readonly TemplateSummary[]): TemplateGroup[] {
  const frameById = new Map(frames.map((frame) => [frame.id, frame]));
  const groups = new Map<string, TemplateGroup>();
  for (const answer of answers) {
    const key = answer.parentId ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { frame: (answer.parentId && frameById.get(answer.parentId)) || null, answers: [] };
      groups.set(key, group);
    }
    group.answers.push(answer);
  }
  return [...groups.values()];
}
