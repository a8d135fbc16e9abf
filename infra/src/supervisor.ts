import { spawnService, type ServiceProcess, type ServiceProcessOptions } from './service-process';

/** How a supervised process is started again after it dies. */
export interface RestartPolicy {
  /** Pause before the first restart, doubled after each one (default 1 s). */
  initialDelayMs: number;
  /** Longest pause (default 30 s). */
  maxDelayMs: number;
  /** A process that ran this long was healthy: its next restart pauses the initial delay again (default 60 s). */
  healthyAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000, healthyAfterMs: 60_000 };

export interface Supervision {
  policy?: RestartPolicy;
  /** Whether a death now is restarted (the platform: only once it is running, not while it stops). */
  restarting(): boolean;
  /** Told before each restart, with the pause it waits; also when a restart could not spawn. */
  onRestart?(name: string, delayMs: number): void;
  onRestartFailed?(name: string, error: unknown): void;
}

/**
 * Runs a service (or worker) process and starts it again on the same port, after a pause that
 * grows while it keeps dying, whenever it dies unasked: a crash costs that service seconds, not
 * the whole platform, as a Kubernetes Deployment would restart its pod. Deaths are still
 * reported through `options.onUnexpectedExit`.
 */
export function superviseService(options: ServiceProcessOptions, supervision: Supervision): ServiceProcess {
  const policy = supervision.policy ?? DEFAULT_RESTART_POLICY;
  let stopped = false;
  let delayMs = policy.initialDelayMs;
  let startedAt = 0;
  let timer: NodeJS.Timeout | undefined;

  const restartLater = () => {
    if (Date.now() - startedAt >= policy.healthyAfterMs) delayMs = policy.initialDelayMs;
    const wait = delayMs;
    delayMs = Math.min(delayMs * 2, policy.maxDelayMs);
    supervision.onRestart?.(options.name, wait);
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      try {
        current = spawnOnce();
      } catch (error) {
        supervision.onRestartFailed?.(options.name, error);
      }
    }, wait);
  };

  const spawnOnce = () => {
    startedAt = Date.now();
    return spawnService({
      ...options,
      onUnexpectedExit: (name, code, signal) => {
        options.onUnexpectedExit?.(name, code, signal);
        if (!stopped && supervision.restarting()) restartLater();
      },
    });
  };

  let current = spawnOnce();
  return {
    name: options.name,
    url: current.url,
    get pid() {
      return current.pid;
    },
    waitReady: (timeoutMs, signal) => current.waitReady(timeoutMs, signal),
    async stop(graceMs) {
      stopped = true;
      clearTimeout(timer);
      await current.stop(graceMs);
    },
  };
}
