/** The part of a pino (or Fastify) logger the delivery code uses. */
export interface DeliveryLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Reports a dependency that keeps failing (Redis down) once, and once more when it recovers. */
export interface OutageLog {
  /** Logs the failure unless this outage was already reported. */
  failed(error: unknown): void;
  /** Logs the recovery if an outage was reported. */
  recovered(): void;
}

/** An `OutageLog` for `what` (e.g. `redis (relay)`); repeated errors of one outage log at debug. */
export function outageLog(logger: DeliveryLogger, what: string): OutageLog {
  let down = false;
  return {
    failed(error) {
      const err = error instanceof Error ? error.message : String(error);
      if (down) return logger.debug({ what, err }, 'still failing');
      down = true;
      logger.warn({ what, err }, 'dependency failing; will retry');
    },
    recovered() {
      if (!down) return;
      down = false;
      logger.info({ what }, 'dependency recovered');
    },
  };
}
