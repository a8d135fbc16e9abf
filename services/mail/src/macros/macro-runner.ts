import type { MikroORM } from '@mikro-orm/postgresql';
import type { KeyedTicketChange, MacroAction } from '@switchboard/contracts';
import type { DeliveryLogger } from '../delivery/logger';
import { applyCrmAction, applyTicketChanges, readTicket, stepKey, ticketChangeOf, type MacroTargets, type StepOutcome } from './macro-actions';
import { createMacroStepStore, type PendingMacro, type StepEnd } from './macro-store';
import { ServiceCallError } from './service-call';

/** Runs the macro of a sent email (E13). */
export interface MacroRunner {
  /**
   * Runs the email's pending steps in order, each after the previous one committed. A step a
   * service refused is recorded failed and the rest wait (Try again); a step that may succeed
   * later (no answer, 5xx) throws, so the job is retried, unless this is the job's last attempt,
   * when it is recorded failed too. Does nothing for an email that is not sent or has no macro.
   */
  runAfterSend(emailId: string, lastAttempt: boolean): Promise<void>;
}

export interface MacroRunnerOptions extends MacroTargets {
  orm: MikroORM;
  logger: DeliveryLogger;
}

/** Most changes in one call to tickets (the contract's limit). */
const MAX_BATCH = 20;

type Step = { index: number; action: MacroAction };

/** The ticket changes of the steps from `from` on, up to the first step that is no ticket action. */
function ticketRun(emailId: string, steps: Step[], from: number, max: number): KeyedTicketChange[] {
  const changes: KeyedTicketChange[] = [];
  for (let i = from; i < steps.length && changes.length < max; i++) {
    const change = ticketChangeOf(steps[i].action, stepKey(emailId, steps[i].index));
    if (!change) break;
    changes.push(change);
  }
  return changes;
}

/**
 * Creates the runner the worker calls after the SMTP server accepted a message. Consecutive
 * ticket actions go to tickets in one call (one transaction, each under its own key, in order;
 * decision 0013); a note or follow-up goes to the CRM with its key. A batch tickets refuses is
 * run again one change at a time, so the step at fault is the one recorded failed.
 *
 * A run records how its steps ended once, when it stops (done, failed, or about to be retried):
 * one statement in finishing order. The services record each step's key with its change, so a
 * crash before the record replays nothing; the record is what the agent sees.
 */
export function createMacroRunner(options: MacroRunnerOptions): MacroRunner {
  const store = createMacroStepStore(options.orm);
  const { logger } = options;
  return {
    async runAfterSend(emailId, lastAttempt) {
      const work = await store.pending(emailId);
      if (!work) return;
      const ended: StepEnd[] = [];
      try {
        await runSteps(work, emailId, lastAttempt, ended);
      } finally {
        if (ended.length) await store.finish(emailId, ended);
      }
    },
  };

  /** Runs the steps in order until one fails, adding each one's end to `ended`; throws when the job is to be retried. */
  async function runSteps(work: PendingMacro, emailId: string, lastAttempt: boolean, ended: StepEnd[]): Promise<void> {
    const { ticketId, steps } = work;
    if (!ticketId) {
      ended.push(...steps.map((step) => ({ index: step.index, state: 'skipped' as const, reason: 'The email has no ticket' })));
      return;
    }
    // The latest answer of tickets in this run: a note after ticket actions needs no read of its own.
    let contactId: string | null | undefined;
    /** Steps before this index go one change per call: their batch was refused. */
    let singleUntil = 0;
    let i = 0;
    while (i < steps.length) {
      const changes = ticketRun(emailId, steps, i, i < singleUntil ? 1 : MAX_BATCH);
      const step = steps[i];
      try {
        if (changes.length) {
          contactId = (await applyTicketChanges(options, ticketId, changes)).contactId;
          ended.push(...steps.slice(i, i + changes.length).map((done) => ({ index: done.index, state: 'done' as const, reason: null })));
          i += changes.length;
          continue;
        }
        const outcome: StepOutcome = await applyCrmAction(options, {
          emailId,
          index: step.index,
          action: step.action,
          ticketId,
          ownerId: work.ownerId,
          sentAt: work.sentAt,
          contactOf: async () => (contactId === undefined ? (contactId = (await readTicket(options, ticketId)).contactId) : contactId),
        });
        ended.push({ index: step.index, ...outcome });
        i += 1;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const refused = error instanceof ServiceCallError && error.permanent;
        if (refused && changes.length > 1) {
          singleUntil = i + changes.length;
          continue;
        }
        if (!refused && !lastAttempt) {
          logger.info({ emailId, index: step.index, reason }, 'macro step failed; will retry');
          throw error;
        }
        ended.push({ index: step.index, state: 'failed', reason });
        logger.warn({ emailId, index: step.index, type: step.action.type, reason }, 'macro step failed');
        return;
      }
    }
  }
}
