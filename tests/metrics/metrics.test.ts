/**
 * /metrics: Prometheus text with the names operators scrape; protected by
 * METRICS_TOKEN, or loopback-only (no forwarded header) without it.
 * QUEUE_PREFIX: queue keys in Redis carry the configured prefix.
 */
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { bootPlatform } from '../../src/boot.js';
import { createLogger } from '../../src/lib/logger.js';
import { freePort } from '../support/browser.js';
import { createTestStore, createTestUser } from '../support/factories.js';
import { request, testConfig, testPlatform } from '../support/platform.js';

const TOKEN = 'metrics-token-0123456789abcdef';
const withToken = testPlatform({ env: { METRICS_TOKEN: TOKEN } });
const plain = testPlatform();

describe('/metrics', () => {
  it('answers the token only, in Prometheus format, with route templates as labels', async () => {
    const p = await withToken;
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const store = await createTestStore(p.deps);
    expect(
      (await request(p.app, 'GET', `/api/console/tenants/${store.tenant.id}`, { token: admin.token })).status,
    ).toBe(200);
    expect((await request(p.app, 'GET', '/metrics')).status).toBe(401);
    expect((await request(p.app, 'GET', '/metrics', { token: 'wrong-token-0123456789abcdef' })).status).toBe(
      401,
    );
    const res = await request(p.app, 'GET', '/metrics', { token: TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    for (const name of [
      'storeloom_http_request_duration_seconds_bucket',
      'storeloom_http_requests_total',
      'storeloom_db_pool_connections',
      'storeloom_queue_jobs',
      'storeloom_job_duration_seconds',
      'storeloom_outbox_pending',
      'storeloom_outbox_lag_seconds',
      'storeloom_webhook_deliveries_total',
      'storeloom_process_cpu_seconds_total',
    ])
      expect(res.text).toContain(name);
    expect(res.text).toContain('route="/api/console/tenants/:id"');
    expect(res.text).not.toContain(store.tenant.id);
    expect(res.text).toMatch(/storeloom_db_pool_connections\{pool="app",state="total"\} \d+/);
    expect(res.text).toMatch(/storeloom_queue_jobs\{queue="emails",state="waiting"\} \d+/);
  });

  it('without a token: loopback peers only, and never a forwarded request', async () => {
    const p = await plain;
    expect((await request(p.app, 'GET', '/metrics')).status).toBe(403);
    const port = await freePort();
    const server = serve({ fetch: p.app.fetch, port, hostname: '127.0.0.1' });
    try {
      const local = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(local.status).toBe(200);
      expect(await local.text()).toContain('storeloom_http_requests_total');
      const forwarded = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      expect(forwarded.status).toBe(403);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('QUEUE_PREFIX', () => {
  it('prefixes every queue key, so deployments sharing a Redis do not collide', async () => {
    const prefix = `qp${Date.now()}`;
    const config = testConfig({ env: { QUEUE_PREFIX: prefix } });
    expect(config.QUEUE_PREFIX).toBe(prefix);
    const platform = await bootPlatform(config, createLogger({ level: 'silent' }), { migrate: false });
    const redis = new Redis(inject('redisUrl'));
    try {
      createApp(platform.deps);
      await platform.deps.hub.queue('emails').add('probe', { n: 1 });
      const keys = await redis.keys(`${prefix}:emails:*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await platform.deps.hub.queue('emails').obliterate({ force: true });
      await platform.close();
      redis.disconnect();
    }
  });

  it('defaults to BullMQ’s own prefix and rejects odd characters', () => {
    expect(testConfig().QUEUE_PREFIX).toBe('bull');
    expect(() => testConfig({ env: { QUEUE_PREFIX: 'a b' } })).toThrow();
  });
});
