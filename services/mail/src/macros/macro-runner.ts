import type { MikroORM } from '@mikro-orm/postgresql';
import type { DeliveryLogger } from '../delivery/logger';
import { applyMacroAction, type MacroTargets } from './macro-actions';
import { createMacroStepStore } from './macro-store';
import { ServiceCallError } from './service-call';

/** Runs the macro of a sent email (E13). */
export interface MacroRunner {
  /**
   * Runs the email's pending steps in order, each after the previous one is recorded. A step a
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

/** Creates the runner the send worker calls after the SMTP server accepted a message. */
export function createMacroRunner(options: MacroRunnerOptions): MacroRunner {
  const store = createMacroStepStore(options.orm);
  const { logger } = options;
  return {
    async runAfterSend(emailId, lastAttempt) {
      const work = await store.pending(emailId);
      if (!work) return;
      for (const { index, action } of work.steps) {
        if (!work.ticketId) {
          await store.finish(emailId, index, 'skipped', 'The email has no ticket');
          continue;
        }
        try {
          const outcome = await applyMacroAction(options, { emailId, index, action, ticketId: work.ticketId, ownerId: work.ownerId, sentAt: work.sentAt });
          await store.finish(emailId, index, outcome.state, outcome.reason);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          const refused = error instanceof ServiceCallError && error.permanent;
          if (!refused && !lastAttempt) {
            logger.info({ emailId, index, reason }, 'macro step failed; will retry');
            throw error;
          }
          await store.finish(emailId, index, 'failed', reason);
          logger.warn({ emailId, index, type: action.type, reason }, 'macro step failed');
          return;
        }
      }
    },
  };
}
