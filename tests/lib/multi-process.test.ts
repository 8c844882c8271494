/**
 * Two API processes and two worker processes against one PostgreSQL and one
 * Redis (bench/soak.ts starts them as real child processes on a database of
 * its own), under a short mixed shopper load spread over both APIs; one
 * worker is killed (SIGKILL) half way. Nothing may fail, no variant is
 * oversold, the stock ledger equals stock, every due outbox row is sent,
 * every order placed (and then paid) has its order.placed and order.paid
 * written once and sent, each shopper mail goes out once, no job fails —
 * the surviving worker finishes what the killed one held, and two relays
 * never deliver a row twice — and the pricing runs queued meanwhile ran.
 */
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.js';

describe('two APIs and two workers on one database and Redis', () => {
  it('serves a mixed load with no error, delivers each order mail once, survives a killed worker', async () => {
    let killed: ChildProcess | undefined;
    const lines: string[] = [];
    const report = await runSoak({
      minutes: 0.4,
      stores: 6,
      products: 20,
      apis: 2,
      workers: 2,
      users: 6,
      windowSeconds: 12,
      backgroundSeconds: 2,
      midRun: (workers) => {
        killed = workers[0];
        killed?.kill('SIGKILL');
      },
      log: (l) => lines.push(l),
    });
    expect(killed?.signalCode).toBe('SIGKILL');
    expect(report.errorSamples).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.orders).toBeGreaterThan(0);
    expect(report.checks).toEqual({
      oversold: 0,
      ledgerMismatch: 0,
      unsentOutbox: 0,
      eventsNotOnce: 0,
      mailNotOnce: 0,
      failedJobs: 0,
    });
    expect(report.background.paid).toBe(report.orders);
    expect(report.background.pricingRuns).toBeGreaterThan(0);
    expect(report.windows.reduce((n, w) => n + w.scenarios.browse.count, 0)).toBeGreaterThan(0);
    expect(report.rss.map((r) => r.process)).toEqual(['api-1', 'api-2', 'worker-1', 'worker-2']);
  }, 400_000);
});
