/**
 * Prometheus metrics (prom-client), one registry per process. Recorders are
 * plain functions other layers call (HTTP middleware, queue workers, webhook
 * deliveries); point-in-time gauges (DB pools, queue depth, outbox lag) are
 * refreshed by `collectSnapshot` right before /metrics serialises, so a
 * scrape costs a few cheap reads and nothing runs between scrapes.
 *
 * Names (all prefixed `storeloom_`):
 *   http_request_duration_seconds{method,route,status}  histogram, route = the template (/api/admin/products/:id)
 *   http_requests_total{method,route,status}            counter
 *   db_pool_connections{pool,state}                    gauge: total / idle / waiting
 *   queue_jobs{queue,state}                            gauge: waiting / active / delayed / failed
 *   job_duration_seconds{queue,outcome}                histogram: completed / failed
 *   outbox_pending, outbox_lag_seconds                 gauges: unsent rows, age of the oldest due one
 *   webhook_deliveries_total{result}                   counter: delivered / retrying / failed
 *   plus prom-client's default process metrics (CPU, memory, event-loop lag, GC).
 */
import type pg from 'pg';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'storeloom_' });

const httpDuration = new Histogram({
  name: 'storeloom_http_request_duration_seconds',
  help: 'HTTP request latency by route template',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});
const httpTotal = new Counter({
  name: 'storeloom_http_requests_total',
  help: 'HTTP requests by route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});
const poolConnections = new Gauge({
  name: 'storeloom_db_pool_connections',
  help: 'PostgreSQL pool connections by state',
  labelNames: ['pool', 'state'] as const,
  registers: [metricsRegistry],
});
const queueJobs = new Gauge({
  name: 'storeloom_queue_jobs',
  help: 'Jobs per queue and state',
  labelNames: ['queue', 'state'] as const,
  registers: [metricsRegistry],
});
const jobDuration = new Histogram({
  name: 'storeloom_job_duration_seconds',
  help: 'Queue job processing time',
  labelNames: ['queue', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
  registers: [metricsRegistry],
});
const outboxPending = new Gauge({
  name: 'storeloom_outbox_pending',
  help: 'Outbox rows not yet handed to a queue',
  registers: [metricsRegistry],
});
const outboxLag = new Gauge({
  name: 'storeloom_outbox_lag_seconds',
  help: 'Age of the oldest due outbox row not yet relayed (0 when none)',
  registers: [metricsRegistry],
});
const webhookDeliveries = new Counter({
  name: 'storeloom_webhook_deliveries_total',
  help: 'Merchant webhook delivery attempts by result',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

export function recordHttpRequest(method: string, route: string, status: number, seconds: number): void {
  const labels = { method, route, status: String(status) };
  httpDuration.observe(labels, seconds);
  httpTotal.inc(labels);
}

/** Times a job; call the returned function with its outcome. */
export function startJobTimer(queue: string): (outcome: 'completed' | 'failed') => void {
  const end = jobDuration.startTimer({ queue });
  return (outcome) => {
    end({ outcome });
  };
}

export function recordWebhookDelivery(result: 'delivered' | 'retrying' | 'failed'): void {
  webhookDeliveries.inc({ result });
}

const pools = new Map<string, pg.Pool>();

/** Reports this pool's connections under `name` (the app pool registers at boot). */
export function watchPool(name: string, pool: pg.Pool): void {
  pools.set(name, pool);
}

export interface MetricsSnapshot {
  queues: { name: string; counts: Record<string, number> }[];
  outbox: { pending: number; lagSeconds: number };
}

/** Sets the point-in-time gauges and serialises every metric in Prometheus text format. */
export async function renderMetrics(snapshot: MetricsSnapshot): Promise<string> {
  for (const [name, pool] of pools) {
    poolConnections.set({ pool: name, state: 'total' }, pool.totalCount);
    poolConnections.set({ pool: name, state: 'idle' }, pool.idleCount);
    poolConnections.set({ pool: name, state: 'waiting' }, pool.waitingCount);
  }
  for (const q of snapshot.queues)
    for (const [state, n] of Object.entries(q.counts)) queueJobs.set({ queue: q.name, state }, n);
  outboxPending.set(snapshot.outbox.pending);
  outboxLag.set(snapshot.outbox.lagSeconds);
  return metricsRegistry.metrics();
}

export const METRICS_CONTENT_TYPE = metricsRegistry.contentType;
