import { crmApi, ticketsApi, type MacroAction, type MacroStepState, type UpdateTicketBody } from '@switchboard/contracts';
import { callService, type ServiceEndpoint } from './service-call';

/** Where the actions of a macro go. */
export interface MacroTargets {
  tickets: ServiceEndpoint;
  /** The CRM service (notes and follow-ups); without it those actions are skipped with a reason. */
  crm: ServiceEndpoint | null;
}

/** One step to apply, with what the send knows. */
export interface MacroStepInput {
  emailId: string;
  index: number;
  action: MacroAction;
  ticketId: string;
  /** The agent who sent the email. */
  ownerId: string;
  sentAt: Date;
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

const done: StepOutcome = { state: 'done', reason: null };

/**
 * Applies one action once in effect: each call carries the step's key (`emailId:index` to tickets,
 * `macro:emailId:index` to CRM), which the service records with the change, so running the step
 * again after a crash changes nothing. Throws ServiceCallError when a service refuses or fails.
 */
export async function applyMacroAction(targets: MacroTargets, step: MacroStepInput): Promise<StepOutcome> {
  const { action, ticketId } = step;
  const key = `${step.emailId}:${step.index}`;
  const patchTicket = async (body: Omit<UpdateTicketBody, 'key'>) => {
    await callService(targets.tickets, ticketsApi.updateTicket, { id: ticketId }, { ...body, key });
    return done;
  };
  switch (action.type) {
    case 'setStatus':
      return patchTicket({ status: action.status });
    case 'setPriority':
      return patchTicket({ priority: action.priority });
    case 'assignAgent':
      return patchTicket({ assigneeId: action.agentId });
    case 'assignQueue':
      return patchTicket({ queueId: action.queueId });
    case 'assignTeam':
      return patchTicket({ teamId: action.teamId });
    case 'addTags':
      await callService(targets.tickets, ticketsApi.changeTags, { id: ticketId }, { add: action.tags, key });
      return done;
    case 'removeTags':
      await callService(targets.tickets, ticketsApi.changeTags, { id: ticketId }, { remove: action.tags, key });
      return done;
    case 'addNote': {
      if (!targets.crm) return { state: 'skipped', reason: 'No CRM service is configured for notes' };
      const ticket = await callService(targets.tickets, ticketsApi.getTicket, { id: ticketId });
      if (!ticket.contactId) return { state: 'skipped', reason: 'The ticket has no contact to note it on' };
      await callService(targets.crm, crmApi.createActivity, { id: ticket.contactId }, {
        kind: 'note',
        title: noteTitle(action.text),
        body: action.text,
        ticketId,
        link: `/emails/${step.emailId}`,
        private: false,
        externalKey: `macro:${key}`,
      });
      return done;
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
        externalKey: `macro:${key}`,
      });
      return done;
    }
  }
}

/** The note's first line, shortened to a title. */
function noteTitle(text: string): string {
  const firstLine = text.trim().split('\n')[0].trim() || 'Note';
  return firstLine.length > MAX_TITLE ? `${firstLine.slice(0, MAX_TITLE - 1)}…` : firstLine;
}
