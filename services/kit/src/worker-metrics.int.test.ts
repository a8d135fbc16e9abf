import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { TEST_REDIS_URL } from './events/testing';
import { jobMetrics, serveMetrics } from './worker-metrics';

const prefix = `sbtest-jobmetrics-${randomBytes(4).toString('hex')}`;
const connection = { url: TEST_REDIS_URL, maxRetriesPerRequest: null };

it('serves the jobs a worker finished, by outcome, with their durations, at /metrics', async () => {
  const queue = new Queue('work', { connection, prefix });
  const events = new QueueEvents('work', { connection, prefix });
  const worker = new Worker(
    'work',
    async (job) => {
      if (job.data.fail) throw new Error('refused');
      return 'done';
    },
    { connection, prefix },
  );
  const metrics = jobMetrics();
  metrics.observe(worker, 'work');
  const server = await serveMetrics(metrics.registry, { port: 0 });
  try {
    await events.waitUntilReady();
    const jobs = await queue.addBulk([{ name: 'a', data: {} }, { name: 'b', data: {} }, { name: 'c', data: { fail: true } }]);
    await Promise.all(jobs.map((job) => job.waitUntilFinished(events).catch(() => undefined)));
    // The worker's own events may follow the queue's by a moment: read until all three are in.
    let text = '';
    for (let tries = 0; tries < 100 && !/worker_jobs_total\{queue="work",outcome="failed"\} 1/.test(text); tries++) {
      text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    }
    expect(text).toContain('worker_jobs_total{queue="work",outcome="completed"} 2');
    expect(text).toContain('worker_jobs_total{queue="work",outcome="failed"} 1');
    expect(text).toContain('worker_job_duration_seconds_count{queue="work",outcome="completed"} 2');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
  } finally {
    await server.close();
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
});
