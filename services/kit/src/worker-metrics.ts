import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Job, Worker } from 'bullmq';
import { Counter, Histogram, Registry } from 'prom-client';
import { processMetrics } from './metrics';

/** Job durations in seconds: from a quick send (50 ms) to a slow SMTP server's timeout (2 min). */
const JOB_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The metrics of a worker process and what adds a worker to them. */
export interface JobMetrics {
  registry: Registry;
  /** Starts counting the jobs of one BullMQ worker, labelled `queue`. */
  observe(worker: Worker, queue: string): void;
}

/**
 * Prometheus metrics of the BullMQ workers of a process: jobs by queue and outcome (`completed`;
 * `failed` counts every failed attempt, retried or not), how long each ran, and jobs found
 * stalled (their worker died or blocked).
 */
export function jobMetrics(): JobMetrics {
  const registry = new Registry();
  const jobs = new Counter({ name: 'worker_jobs_total', help: 'Jobs this process finished, by queue and outcome (completed, failed attempt)', labelNames: ['queue', 'outcome'], registers: [registry] });
  const duration = new Histogram({ name: 'worker_job_duration_seconds', help: 'How long jobs ran in this process, by queue and outcome', labelNames: ['queue', 'outcome'], buckets: JOB_BUCKETS, registers: [registry] });
  const stalled = new Counter({ name: 'worker_jobs_stalled_total', help: 'Jobs found stalled and put back, by queue', labelNames: ['queue'], registers: [registry] });
  const observe = (worker: Worker, queue: string) => {
    const finished = (outcome: 'completed' | 'failed') => (job: Job | undefined) => {
      jobs.inc({ queue, outcome });
      if (job?.processedOn && job.finishedOn) duration.observe({ queue, outcome }, (job.finishedOn - job.processedOn) / 1000);
    };
    worker.on('completed', finished('completed'));
    worker.on('failed', finished('failed'));
    worker.on('stalled', () => stalled.inc({ queue }));
  };
  return { registry, observe };
}

/** A process's `/metrics` server. */
export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `registry` and Node's process metrics at `/metrics` on `host:port` (0 for any free port),
 * for a process without an HTTP app of its own (the mail worker, METRICS_PORT); 404 elsewhere.
 */
export function serveMetrics(registry: Registry, options: { port: number; host?: string }): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'NOT_FOUND', message: 'Only GET /metrics' }));
      return;
    }
    const merged = Registry.merge([processMetrics(), registry]);
    merged.metrics().then(
      (text) => response.writeHead(200, { 'content-type': merged.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () =>
      resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise((done) => server.close(() => done())) }),
    );
  });
}
