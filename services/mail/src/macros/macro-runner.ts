import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { crmApi, MAX_BATCH_ITEMS, ticketsApi, type CreateActivitiesBody, type KeyedTicketChange, type MacroAction } from '@switchboard/contracts';
import { outageLog, type DeliveryLogger } from '../delivery/logger';
import { noteItem, scheduleFollowUp, stepKey, ticketChangeOf, type MacroTargets } from './macro-actions';
import { createMacroStepStore, type PendingMacro, type RunEnd, type StepEnd } from './macro-store';
import { createClaimGate } from './claim-gate';
import { callService, ServiceCallError } from './service-call';

/** Runs the macros of sent emails (E13), in batches, beside the send worker. */
export interface MacroRunner {
  /** The email was sent (or found sent): its macro is to run now rather than at the next poll. */
  kick(emailId: string): void;
  /** Starts taking runs. */
  start(): void;
  /** Stops taking runs and waits for the ones in hand to be recorded. */
  stop(): Promise<void>;
}

export interface MacroRunnerOptions extends MacroTargets {
  orm: MikroORM;
  logger: DeliveryLogger;
  /** Sent emails' runs one batch takes (default MAX_BATCH_ITEMS, 500: the most items tickets' and CRM's batch routes take). */
  batchSize?: number;
  /** Batches in flight (default 2): one is recorded while the next one's calls are made. */
  concurrency?: number;
  /** How long a run stays leased without renewal, in ms (default 30 s): a dead runner's runs are taken again after it. */
  leaseMs?: number;
  /** How often an idle runner looks for runs nobody kicked it for (default 1 s): another worker's, one to try again. */
  pollMs?: number;
  /**
   * Longest wait from a kick to the claim of its run while a batch fills (default 1 s): the claim
   * starts sooner when `batchSize` sends kicked, the last claim found a full batch, or no send
   * kicked for `quietMs`.
   */
  holdMs?: number;
  /** A pause in kicks that ends the hold (default 50 ms): a lone send's macro, or a burst's last, waits no longer. */
  quietMs?: number;
  /** Takes of a run whose services keep failing before its step is recorded failed (default 8). */
  maxAttempts?: number;
  /** Wait before the first retry of such a run, doubled on each (default 1 s). */
  backoffMs?: number;
}

/** Most changes in one item of a tickets batch (the contract's limit). */
const MAX_CHANGES = 20;

type Step = PendingMacro['steps'][number];

/** A run in hand: where it got to in this batch. */
interface Run extends PendingMacro, RunEnd {
  /** The next step to run. */
  next: number;
  /** Steps before this index go one change per item: their item was refused together. */
  singleUntil: number;
  /** The ticket's contact from tickets' latest answer in this batch; undefined until one came. */
  contactId?: string | null;
  /** No more calls for this run in this batch. */
  stopped: boolean;
}

/** A ticket item of a round: the run's next ticket changes, or none to read the ticket for its contact. */
type TicketCall = { run: Run; changes: KeyedTicketChange[] };
type NoteCall = { run: Run; step: Step; item: CreateActivitiesBody['items'][number] };
type FollowUpCall = { run: Run; step: Step & { action: Extract<MacroAction, { type: 'followUp' }> } };

/** The ticket changes of the run's steps from `next` on, up to the first step that is no ticket action. */
function ticketRun(run: Run, max: number): KeyedTicketChange[] {
  const changes: KeyedTicketChange[] = [];
  for (let i = run.next; i < run.steps.length && changes.length < max; i++) {
    const change = ticketChangeOf(run.steps[i]!.action, stepKey(run.emailId, run.steps[i]!.index));
    if (!change) break;
    changes.push(change);
  }
  return changes;
}

/** A refusal of one item of a batch, as the failure of a call of its own. */
function itemRefused(route: string, status: number, code: string, message: string): ServiceCallError {
  return new ServiceCallError(`${route} answered ${status} ${code} (${message})`, status !== 408 && status !== 429 && status < 500, status, code);
}

/**
 * Creates the runner a worker process runs beside its send worker (decision 0013). It leases a
 * batch of sent emails' runs from the database and runs them in rounds: each round sends every
 * run's next part to its service, all of one service in one call (`POST /tickets/changes`,
 * `POST /activities/batch`), so a run's step i+1 goes out only after step i committed. Every change
 * carries its step's key, which the service records with it, so a batch run twice (a runner that
 * died, a lease lost) replays nothing; the batch's ends are recorded in one statement.
 *
 * A step a service refused is recorded failed and the rest wait (Try again); several ticket changes
 * refused together go again one at a time, so the step recorded failed is the one at fault. A step
 * that may succeed later (no answer, 5xx) leaves its run to be taken again after a backoff, and is
 * recorded failed on the run's last take.
 */
export function createMacroRunner(options: MacroRunnerOptions): MacroRunner {
  const store = createMacroStepStore(options.orm);
  const { logger } = options;
  const batchSize = options.batchSize ?? MAX_BATCH_ITEMS;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 1_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoffMs = options.backoffMs ?? 1_000;
  const holdMs = options.holdMs ?? 1_000;
  const quietMs = options.quietMs ?? 50;
  const outage = outageLog(logger, 'macro runner');

  let stopping = false;
  let loops: Promise<void>[] = [];
  const gate = createClaimGate({ batchSize, holdMs, quietMs, pollMs });

  /** Ends the run's step: a refusal is recorded failed; anything else is retried later unless this was the last take. */
  const fail = (run: Run, step: Step, changes: number, error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    const refused = error instanceof ServiceCallError && error.permanent;
    if (refused && changes > 1) {
      run.singleUntil = run.next + changes;
      return;
    }
    run.stopped = true;
    if (!refused && run.attempts < maxAttempts) {
      run.retryInMs = backoffMs * 2 ** (run.attempts - 1);
      logger.info({ emailId: run.emailId, index: step.index, reason, retryInMs: run.retryInMs }, 'macro step failed; will retry');
      return;
    }
    run.ended.push({ index: step.index, state: 'failed', reason });
    logger.warn({ emailId: run.emailId, index: step.index, type: step.action.type, reason }, 'macro step failed');
  };

  const end = (run: Run, state: StepEnd['state'], reason: string | null, count = 1) => {
    for (const step of run.steps.slice(run.next, run.next + count)) run.ended.push({ index: step.index, state, reason });
    run.next += count;
  };

  /** Puts the run's next call into this round's lists, first settling the steps that need none. */
  const plan = (run: Run, tickets: TicketCall[], notes: NoteCall[], followUps: FollowUpCall[]) => {
    while (!run.stopped && run.next < run.steps.length) {
      if (!run.ticketId) return end(run, 'skipped', 'The email has no ticket', run.steps.length - run.next);
      const step = run.steps[run.next]!;
      const changes = ticketRun(run, run.next < run.singleUntil ? 1 : MAX_CHANGES);
      if (changes.length) return void tickets.push({ run, changes });
      const { action } = step;
      if (action.type !== 'addNote' && action.type !== 'followUp') throw new Error(`${action.type} is no macro action the runner knows`);
      if (!options.crm) {
        end(run, 'skipped', `No CRM service is configured for ${action.type === 'addNote' ? 'notes' : 'follow-ups'}`);
        continue;
      }
      if (action.type === 'followUp') return void followUps.push({ run, step: { ...step, action } });
      // A note goes on the ticket's contact: from tickets' answer to this run's ticket changes, or read for it.
      if (run.contactId === undefined) return void tickets.push({ run, changes: [] });
      if (run.contactId === null) {
        end(run, 'skipped', 'The ticket has no contact to note it on');
        continue;
      }
      const item = noteItem({ emailId: run.emailId, index: step.index, text: action.text, ticketId: run.ticketId }, run.contactId);
      return void notes.push({ run, step, item });
    }
    run.stopped = true;
  };

  /** One call for many items; when the service refuses the call whole, each item is sent alone to find the one at fault. */
  const inBatches = async <C, A>(calls: C[], send: (calls: C[]) => Promise<A[]>, settle: (call: C, answer: A | ServiceCallError) => void) => {
    if (calls.length === 0) return;
    try {
      const answers = await send(calls);
      calls.forEach((call, i) => settle(call, answers[i]!));
    } catch (error) {
      const failure = error instanceof ServiceCallError ? error : new ServiceCallError(String(error), false, null, null);
      if (failure.permanent && calls.length > 1) {
        await Promise.all(calls.map((call) => inBatches([call], send, settle)));
        return;
      }
      for (const call of calls) settle(call, failure);
    }
  };

  const ticketsRound = (calls: TicketCall[]) =>
    inBatches(
      calls,
      async (batch) =>
        (
          await callService(options.tickets, ticketsApi.applyTicketChangesBatch, undefined, {
            items: batch.map(({ run, changes }) => ({ ticketId: run.ticketId!, changes })),
          })
        ).items,
      ({ run, changes }, answer) => {
        const step = run.steps[run.next]!;
        if (answer instanceof ServiceCallError) return fail(run, step, changes.length, answer);
        if ('error' in answer) return fail(run, step, changes.length, itemRefused('POST /tickets/changes', answer.error.status, answer.error.code, answer.error.message));
        run.contactId = answer.contactId;
        end(run, 'done', null, changes.length);
      },
    );

  const notesRound = (calls: NoteCall[]) =>
    inBatches(
      calls,
      async (batch) => (await callService(options.crm!, crmApi.createActivities, undefined, { items: batch.map((call) => call.item) })).items,
      ({ run, step }, answer) => {
        if (answer instanceof ServiceCallError) return fail(run, step, 1, answer);
        if ('error' in answer) return fail(run, step, 1, itemRefused('POST /activities/batch', answer.error.status, answer.error.code, answer.error.message));
        end(run, 'done', null);
      },
    );

  const followUpsRound = (calls: FollowUpCall[]) =>
    Promise.all(
      calls.map(async ({ run, step }) => {
        try {
          await scheduleFollowUp(options.crm!, { emailId: run.emailId, index: step.index, action: step.action, ticketId: run.ticketId!, ownerId: run.ownerId, sentAt: run.sentAt });
          end(run, 'done', null);
        } catch (error) {
          fail(run, step, 1, error);
        }
      }),
    );

  /** Runs a leased batch round by round until every run stopped; records the ends whatever happens. */
  const runBatch = async (token: string, batch: PendingMacro[]) => {
    const runs: Run[] = batch.map((macro) => ({ ...macro, ended: [], retryInMs: null, next: 0, singleUntil: 0, stopped: false }));
    const emailIds = runs.map((run) => run.emailId);
    const renewal = setInterval(() => {
      store.renew(token, emailIds, leaseMs).catch((error: unknown) => logger.warn({ err: String(error) }, 'macro lease not renewed'));
    }, leaseMs / 2);
    try {
      for (;;) {
        const tickets: TicketCall[] = [];
        const notes: NoteCall[] = [];
        const followUps: FollowUpCall[] = [];
        for (const run of runs) plan(run, tickets, notes, followUps);
        if (tickets.length + notes.length + followUps.length === 0) break;
        await Promise.all([ticketsRound(tickets), notesRound(notes), followUpsRound(followUps)]);
      }
    } finally {
      clearInterval(renewal);
      await store.finish(token, runs);
    }
  };

  const loop = async () => {
    while (!stopping) {
      const token = randomUUID();
      try {
        // One loop at a time gathers and claims; the others run their batches meanwhile.
        const runs = await gate.turn(async () => {
          const plan = await gate.ready(() => stopping);
          if (!plan) return [];
          const claimed = await store.claim(token, batchSize, leaseMs, 'emailIds' in plan ? plan.emailIds : null).catch((error: unknown) => {
            gate.claimed(plan, []);
            throw error;
          });
          gate.claimed(plan, claimed.map((run) => run.emailId));
          return claimed;
        });
        outage.recovered();
        if (runs.length === 0) continue;
        logger.debug({ runs: runs.length }, 'macro batch');
        try {
          await runBatch(token, runs);
        } finally {
          gate.ended();
        }
      } catch (error) {
        // The runs stay leased until their lease ends, then run again (nothing replays).
        outage.failed(error);
      }
    }
  };

  return {
    kick(emailId) {
      gate.kick(emailId);
    },
    start() {
      stopping = false;
      loops = Array.from({ length: options.concurrency ?? 2 }, () => loop());
    },
    async stop() {
      stopping = true;
      gate.wake();
      await Promise.all(loops);
    },
  };
}
