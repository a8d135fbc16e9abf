import { crmApi, ticketsApi, type KeyedTicketChange, type MacroAction, type MacroStepState, type Ticket } from '@switchboard/contracts';
import { callService, type ServiceEndpoint } from './service-call';

/** Where the actions of a macro go. */
export interface MacroTargets {
  tickets: ServiceEndpoint;
  /** The CRM service (notes and follow-ups); without it those actions are skipped with a reason. */
  crm: ServiceEndpoint | null;
}

/** One CRM step to apply, with what the send knows. */
export interface CrmStepInput {
  emailId: string;
  index: number;
  action: MacroAction;
  ticketId: string;
  /** The agent who sent the email. */
  ownerId: string;
  sentAt: Date;
  /** The ticket's contact, read from tickets when no earlier step of this run answered it. */
  contactOf: () => Promise<string | null>;
}

/** How a step ended when it did not throw. */
export interface StepOutcome {
  state: Extract<MacroStepState, 'done' | 'skipped'>;
  reason: string | null;
}

/** How long a follow-up event lasts in the agent's calendar. */
const FOLLOW_UP_MS = 30 * 60_000;
/** Longest activity title CRM takes. */
const MAX_TITLE = 300;

/** The key a step's change carries: `emailId:index` (tickets), `macro:emailId:index` (CRM). */
export const stepKey = (emailId: string, index: number) => `${emailId}:${index}`;

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

/**
 * Applies consecutive ticket changes in order in one transaction of tickets, each once per key
 * (recorded with the change, so a replay changes nothing); answers the ticket as it is after.
 * Throws ServiceCallError when tickets refuses or fails (then none of them was applied).
 */
export async function applyTicketChanges(targets: MacroTargets, ticketId: string, changes: KeyedTicketChange[]): Promise<Ticket> {
  return (await callService(targets.tickets, ticketsApi.applyTicketChanges, { id: ticketId }, { changes })).ticket;
}

/** The ticket as tickets has it now. */
export const readTicket = (targets: MacroTargets, ticketId: string) => callService(targets.tickets, ticketsApi.getTicket, { id: ticketId });

/**
 * Applies a note or a follow-up once in effect: the CRM records its `externalKey`
 * (`macro:emailId:index`) with it, so running the step again after a crash changes nothing.
 * Throws ServiceCallError when a service refuses or fails.
 */
export async function applyCrmAction(targets: MacroTargets, step: CrmStepInput): Promise<StepOutcome> {
  const { action, ticketId } = step;
  const externalKey = `macro:${stepKey(step.emailId, step.index)}`;
  switch (action.type) {
    case 'addNote': {
      if (!targets.crm) return { state: 'skipped', reason: 'No CRM service is configured for notes' };
      const contactId = await step.contactOf();
      if (!contactId) return { state: 'skipped', reason: 'The ticket has no contact to note it on' };
      await callService(targets.crm, crmApi.createActivity, { id: contactId }, {
        kind: 'note',
        title: noteTitle(action.text),
        body: action.text,
        ticketId,
        link: `/emails/${step.emailId}`,
        private: false,
        externalKey,
      });
      return { state: 'done', reason: null };
    }
    case 'followUp': {
      if (!targets.crm) return { state: 'skipped', reason: 'No CRM service is configured for follow-ups' };
      const startsAt = new Date(step.sentAt.getTime() + action.inHours * 3_600_000);
      await callService(targets.crm, crmApi.createEvent, undefined, {
        kind: 'follow-up',
        title: action.title,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + FOLLOW_UP_MS).toISOString(),
        ticketId,
        ownerId: step.ownerId,
        externalKey,
      });
      return { state: 'done', reason: null };
    }
    default:
      throw new Error(`${action.type} is a ticket action`);
  }
}

/** The note's first line, shortened to a title. */
function noteTitle(text: string): string {
  const firstLine = text.trim().split('\n')[0].trim() || 'Note';
  return firstLine.length > MAX_TITLE ? `${firstLine.slice(0, MAX_TITLE - 1)}…` : firstLine;
}
