/** Console queue API and page, the workers' admin pages, and tenant schedulers following the lifecycle. */
import { describe, expect, it } from 'vitest';
import { PLATFORM_TENANT_ID, withPlatformAccess } from '../../src/lib/db/index.js';
import {
  listTenantSchedulerIds,
  reconcileSchedulers,
  schedulerId,
  TENANT_SCHEDULES,
} from '../../src/modules/jobs/schedulers.js';
import { restockProcessor } from '../../workers/processors/restock.js';
import { tenantLifecycleProcessor } from '../../workers/processors/tenant-lifecycle.js';
import { csrfFrom, getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import { createTestStore, createTestUser } from '../support/factories.js';
import { APEX_HOST, request, testPlatform } from '../support/platform.js';

describe('console queue API', () => {
  it('shows counts and failures, retries a failed job; guarded for platform admins', async () => {
    const p = await testPlatform();
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const user = await createTestUser(p.deps);
    const worker = restockProcessor.register(p.deps);
    let jobId: string;
    try {
      const job = await p.deps.hub.queue('restock').add('plan', { tenantId: 'not-a-uuid' });
      jobId = job.id!;
      await expect.poll(async () => await job.getState(), { timeout: 10_000 }).toBe('failed');
    } finally {
      await worker.close();
    }
    const counts = await request(p.app, 'GET', '/api/console/queues', { token: admin.token });
    expect(counts.status).toBe(200);
    const names = counts.body.items.map((q: { name: string }) => q.name);
    expect(names).toEqual(
      expect.arrayContaining(['pricing', 'restock', 'low-stock-alerts', 'webhooks', 'tenant-lifecycle']),
    );
    expect(
      counts.body.items.find((q: { name: string }) => q.name === 'restock').failed,
    ).toBeGreaterThanOrEqual(1);
    const failed = await request(p.app, 'GET', '/api/console/queues/restock/failed', { token: admin.token });
    const mine = failed.body.items.find((f: { id: string }) => f.id === jobId);
    expect(mine).toMatchObject({
      name: 'plan',
      attemptsMade: 1,
      failedReason: expect.stringContaining('invalid job payload'),
    });
    const retried = await request(p.app, 'POST', `/api/console/queues/restock/jobs/${jobId}/retry`, {
      token: admin.token,
    });
    expect(retried.status).toBe(200);
    expect(retried.body.state).toMatch(/waiting|prioritized|active/);
    const again = await request(p.app, 'POST', `/api/console/queues/restock/jobs/${jobId}/retry`, {
      token: admin.token,
    });
    expect(again.status).toBe(409);
    expect(
      (await request(p.app, 'GET', '/api/console/queues/nope/failed', { token: admin.token })).status,
    ).toBe(404);
    expect((await request(p.app, 'GET', '/api/console/queues', { token: user.token })).status).toBe(403);
    expect((await request(p.app, 'GET', '/api/console/queues', {})).status).toBe(401);
    const store = await createTestStore(p.deps);
    expect(
      (await request(p.app, 'GET', '/api/console/queues', { host: store.host, token: admin.token })).status,
    ).toBe(404);
    await p.deps.hub.queue('restock').remove(jobId);
  });
});

describe('pages', () => {
  it('renders the pricing, restock and alerts admin pages and the console jobs page', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const { cookie } = await pageLogin(
      p.app,
      store.host,
      '/admin/login',
      store.owner.email,
      store.owner.password,
    );
    for (const [path, heading] of [
      ['/admin/pricing', 'Pricing'],
      ['/admin/restock', 'Restock'],
      ['/admin/alerts', 'Low-stock alerts'],
    ] as const) {
      const res = await getPage(p.app, store.host, path, cookie);
      expect(res.status, path).toBe(200);
      expect(res.text).toContain(`<h1>${heading}</h1>`);
    }
    expect((await getPage(p.app, store.host, '/admin/pricing')).status).toBe(303);
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const login = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    const page = await getPage(p.app, APEX_HOST, '/console/jobs?queue=pricing', login.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('low-stock-alerts');
    const user = await createTestUser(p.deps);
    const userLogin = await pageLogin(p.app, APEX_HOST, '/login', user.email, user.password);
    expect((await getPage(p.app, APEX_HOST, '/console/jobs', userLogin.cookie)).status).toBe(403);
  });
});

describe('admin page notices', () => {
  it('come from a closed set of codes: query text is never rendered, forms redirect with a code', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const { cookie } = await pageLogin(
      p.app,
      store.host,
      '/admin/login',
      store.owner.email,
      store.owner.password,
    );
    const attack = encodeURIComponent('<script>alert("pwned")</script> Your account is locked, call 555');
    for (const path of [
      `/admin/pricing?notice=${attack}`,
      `/admin/restock?notice=${attack}&error=${attack}`,
      '/admin/pricing?notice=constructor',
      '/admin/restock?notice=__proto__&error=toString',
    ]) {
      const res = await getPage(p.app, store.host, path, cookie);
      expect(res.status, path).toBe(200);
      expect(res.text, path).not.toContain('pwned');
      expect(res.text, path).not.toContain('account is locked');
      expect(res.text, path).not.toContain('[native code]');
      expect(res.text, path).not.toContain('role="status"');
      expect(res.text, path).not.toContain('role="alert"');
    }
    const page = await getPage(p.app, store.host, '/admin/pricing', cookie);
    const mode = await postForm(
      p.app,
      store.host,
      '/admin/pricing/mode',
      { _csrf: csrfFrom(page.text), mode: 'apply' },
      { cookie },
    );
    expect(mode.status).toBe(303);
    expect(mode.headers.get('location')).toBe('/admin/pricing?notice=mode_saved');
    const shown = await getPage(p.app, store.host, '/admin/pricing?notice=mode_saved', cookie);
    expect(shown.text).toMatch(/role="status"[^>]*>\s*Mode saved/);
    const draft = await postForm(
      p.app,
      store.host,
      '/admin/restock/draft',
      { _csrf: csrfFrom(page.text) },
      { cookie },
    );
    expect(draft.status).toBe(303);
    expect(draft.headers.get('location')).toBe('/admin/restock?notice=no_drafts');
    const restock = await getPage(p.app, store.host, '/admin/restock?notice=no_drafts', cookie);
    expect(restock.text).toContain('Nothing to order: no drafts created (see why above the plan).');
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const login = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    const jobs = await getPage(
      p.app,
      APEX_HOST,
      `/console/jobs?queue=${attack}&notice=${attack}`,
      login.cookie,
    );
    expect(jobs.status).toBe(200);
    expect(jobs.text).not.toContain('pwned');
    expect(jobs.text).not.toContain('Recent failures in');
    const retried = await getPage(
      p.app,
      APEX_HOST,
      '/console/jobs?queue=pricing&notice=retried',
      login.cookie,
    );
    expect(retried.text).toMatch(/role="status"[^>]*>\s*Retried/);
    expect(retried.text).toContain('Recent failures in pricing');
  });
});

describe('tenant schedulers', () => {
  it('follow provisioning, suspension and the reconcile sweep, in the store time zone', {
    timeout: 75_000,
  }, async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .updateTable('tenants')
        .set({ timezone: 'Europe/Paris' })
        .where('id', '=', store.tenant.id)
        .execute(),
    );
    const worker = tenantLifecycleProcessor.register(p.deps);
    const q = p.deps.hub.queue('tenant-lifecycle');
    const event = (topic: string) => ({
      outboxId: Math.floor(Math.random() * 1e9),
      tenantId: PLATFORM_TENANT_ID,
      topic,
      payload: { tenantId: store.tenant.id, handle: store.tenant.handle },
    });
    try {
      await q.add('tenant.provisioned', event('tenant.provisioned'));
      await expect
        .poll(() => listTenantSchedulerIds(p.deps.hub, store.tenant.id), { timeout: 30_000 })
        .toHaveLength(TENANT_SCHEDULES.length);
      const restock = await p.deps.hub
        .queue('restock')
        .getJobScheduler(schedulerId('restock', store.tenant.id));
      expect(restock).toMatchObject({ pattern: '0 2 * * *', tz: 'Europe/Paris' });
      await withPlatformAccess(p.deps.db, (trx) =>
        trx.updateTable('tenants').set({ status: 'suspended' }).where('id', '=', store.tenant.id).execute(),
      );
      await q.add('tenant.suspended', event('tenant.suspended'));
      // In a full run the lifecycle queue also serves other files' stores (and
      // the platform reconcile sweep over all of them): allow it to catch up.
      await expect
        .poll(() => listTenantSchedulerIds(p.deps.hub, store.tenant.id), { timeout: 90_000 })
        .toHaveLength(0);
      // A missed reactivation is repaired by the reconcile sweep.
      await withPlatformAccess(p.deps.db, (trx) =>
        trx.updateTable('tenants').set({ status: 'active' }).where('id', '=', store.tenant.id).execute(),
      );
      const r = await reconcileSchedulers(p.deps.db, p.deps.hub);
      expect(r.upserted).toBeGreaterThanOrEqual(1);
      expect(await listTenantSchedulerIds(p.deps.hub, store.tenant.id)).toHaveLength(TENANT_SCHEDULES.length);
    } finally {
      await worker.close();
    }
  });
});
