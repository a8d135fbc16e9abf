import { crmApi, type CreateActivitiesBody, type KeyedTicketChange, type MacroAction } from '@switchboard/contracts';
import { callService, type ServiceEndpoint } from './service-call';

/** Where the actions of a macro go. */
export interface MacroTargets {
  tickets: ServiceEndpoint;
  /** The CRM service (notes and follow-ups); without it those actions are skipped with a reason. */
  crm: ServiceEndpoint | null;
}

/** A follow-up to schedule, with what the send knows. */
export interface FollowUpInput {
  emailId: string;
  index: number;
  action: Extract<MacroAction, { type: 'followUp' }>;
  ticketId: string;
  /** The agent who sent the email. */
  ownerId: string;
  sentAt: Date;
}

/** How long a follow-up event lasts in the agent's calendar. */
const FOLLOW_UP_MS = 30 * 60_000;
/** Longest activity title CRM takes. */
const MAX_TITLE = 300;

/** The key a step's change carries: `emailId:index` (tickets), `macro:emailId:index` (CRM). */
export const stepKey = (emailId: string, index: number) => `${emailId}:${index}`;
const crmKey = (emailId: string, index: number) => `macro:${stepKey(emailId, index)}`;

/**
 * A ticket action as one keyed change of `POST /tickets/:id/changes`, so that consecutive ticket
 * actions go in one call; null for an action applied elsewhere (a note, a follow-up).
 */
export function ticketChangeOf(action: MacroAction, key: string): KeyedTicketChange | null {
  switch (action.type) {
    case 'setStatus':
      return { key, status: action.status };
    case 'setPriority':
      return { key, priority: action.priority };
    case 'assignAgent':
      return { key, assigneeId: action.agentId };
    case 'assignQueue':
      return { key, queueId: action.queueId };
    case 'assignTeam':
      return { key, teamId: action.teamId };
    case 'addTags':
      return { key, addTags: action.tags };
    case 'removeTags':
      return { key, removeTags: action.tags };
    default:
      return null;
  }
}

/** A note step as one item of the CRM's `POST /activities/batch`, under its key `macro:emailId:index`. */
export function noteItem(
  step: { emailId: string; index: number; text: string; ticketId: string },
  contactId: string,
): CreateActivitiesBody['items'][number] {
  return {
    contactId,
    activity: {
      kind: 'note',
      title: noteTitle(step.text),
      body: step.text,
      ticketId: step.ticketId,
      link: `/emails/${step.emailId}`,
      private: false,
      externalKey: crmKey(step.emailId, step.index),
    },
  };
}

/**
 * Schedules a follow-up in the sender's calendar once in effect: the CRM records its
 * `externalKey` (`macro:emailId:index`) with it, so running the step again after a crash changes
 * nothing. Throws ServiceCallError when the CRM refuses or fails.
 */
export async function scheduleFollowUp(crm: ServiceEndpoint, step: FollowUpInput): Promise<void> {
  const startsAt = new Date(step.sentAt.getTime() + step.action.inHours * 3_600_000);
  await callService(crm, crmApi.createEvent, undefined, {
    kind: 'follow-up',
    title: step.action.title,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + FOLLOW_UP_MS).toISOString(),
    ticketId: step.ticketId,
    ownerId: step.ownerId,
    externalKey: crmKey(step.emailId, step.index),
  });
}

/** The note's first line, shortened to a title. */
function noteTitle(text: string): string {
  const firstLine = text.trim().split('\n')[0].trim() || 'Note';
  return firstLine.length > MAX_TITLE ? `${firstLine.slice(0, MAX_TITLE - 1)}…` : firstLine;
}
