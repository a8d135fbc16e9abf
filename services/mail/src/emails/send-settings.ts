import type { SendSettings } from '@switchboard/contracts';
import type { UserCaller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendAtOutOfRange } from '../errors';

/** The undo window of an agent who never chose one, unless the app is told otherwise (E14). */
export const DEFAULT_UNDO_SEND_SECONDS = 10;

/** Latest time a send may be scheduled for, from now (E15). */
const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

/** Each agent's own send settings (E14). */
export interface SendSettingsRepository {
  /** The settings of an agent who never chose any. */
  readonly defaults: SendSettings;
  /** The caller's settings: their undo window, or the default. */
  get(caller: UserCaller): Promise<SendSettings>;
  save(caller: UserCaller, settings: SendSettings): Promise<SendSettings>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Send settings, bound to the request's EntityManager. */
    sendSettings: SendSettingsRepository;
  }
}

/** Options of the send settings: the undo window of agents who never chose one (MAIL_UNDO_SEND_SECONDS). */
export interface SendSettingsOptions {
  undoSendSeconds?: number;
}

/** Creates the repository over `app.orm` (the per-request fork). */
export function createSendSettingsRepository(app: FastifyInstance, options: SendSettingsOptions): SendSettingsRepository {
  const fallback = options.undoSendSeconds ?? DEFAULT_UNDO_SEND_SECONDS;
  return {
    defaults: { undoSendSeconds: fallback },
    async get(caller) {
      const [row] = await app.orm.em.execute<{ undo_send_seconds: number }[]>(
        'select undo_send_seconds from "mail"."agent_setting" where user_id = ?',
        [caller.userId],
      );
      return { undoSendSeconds: row?.undo_send_seconds ?? fallback };
    },
    async save(caller, settings) {
      await app.orm.em.execute(
        `insert into "mail"."agent_setting" (user_id, undo_send_seconds) values (?, ?)
          on conflict (user_id) do update set undo_send_seconds = excluded.undo_send_seconds`,
        [caller.userId, settings.undoSendSeconds],
      );
      return settings;
    },
  };
}

/** Decorates `app.sendSettings`. */
export const sendSettingsPlugin = fp(
  async (app: FastifyInstance, options: SendSettingsOptions) => {
    app.decorate('sendSettings', createSendSettingsRepository(app, options));
  },
  { name: 'mail-send-settings', dependencies: ['switchboard-orm'] },
);

/** A scheduled time as a date: 400 SEND_AT_OUT_OF_RANGE unless it is after `now` and at most a year ahead (E15). */
export function assertSendAt(sendAt: string, now: Date): Date {
  const at = new Date(sendAt);
  const ahead = at.getTime() - now.getTime();
  if (!(ahead > 0 && ahead <= MAX_SCHEDULE_AHEAD_MS)) throw sendAtOutOfRange();
  return at;
}
