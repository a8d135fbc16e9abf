import closeWithGrace from 'close-with-grace';

/** Options of `closeGracefully`. */
export interface GracefulCloseOptions {
  /** Where the shutdown is logged (a pino or Fastify logger). */
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Longest wait for `close`, in ms, before the process exits with 1 (default 10 s). */
  timeoutMs?: number;
}

/**
 * The one graceful shutdown of every process (services through `runService`, the mail worker):
 * on SIGINT, SIGTERM or another termination signal, an uncaught error, or an empty event loop,
 * runs `close` once, then exits: 0 after a signal, 1 after an error, a failed close or the
 * timeout. A second signal meanwhile exits at once.
 */
export function closeGracefully(close: () => Promise<void>, options: GracefulCloseOptions): void {
  const { log } = options;
  closeWithGrace(
    {
      delay: options.timeoutMs ?? 10_000,
      logger: { error: (error: unknown) => log.error({ err: error }, 'shutdown failed') },
      onTimeout: (delay) => log.error({ delay }, 'shutdown timed out'),
      onSecondSignal: (signal) => log.error({ signal }, 'second signal while shutting down; exiting now'),
      onSecondError: (error) => log.error({ err: error }, 'error while shutting down; exiting now'),
    },
    async ({ signal, err }) => {
      if (err) log.error({ err }, 'uncaught error; shutting down');
      else log.info({ signal }, 'shutting down');
      await close();
    },
  );
}
