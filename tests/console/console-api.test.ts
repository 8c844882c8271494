/** Console API: platform-admin only; tenants list/filter/paginate, detail, suspend/reactivate effects, audit. */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { ensurePlatformAdmin } from '../../src/modules/console/admins.js';
import { auditRows } from '../auth/helpers.js';
import { createTestStore, createTestUser, uniq } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

describe('console API access', () => {
  it('401 without a token, 403 for a merchant, 404 on a store host', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    for (const [method, path] of [
      ['GET', '/api/console/tenants'],
      ['GET', `/api/console/tenants/${store.tenant.id}`],
      ['POST', `/api/console/tenants/${store.tenant.id}/suspend`],
      ['POST', `/api/console/tenants/${store.tenant.id}/reactivate`],
      ['GET', '/api/console/audit'],
    ] as const) {
      const body = method === 'POST' ? { reason: 'testing access' } : undefined;
      expect((await request(p.app, method, path, { body })).status).toBe(401);
      const merchant = await request(p.app, method, path, { token: store.owner.token, body });
      expect(merchant.status).toBe(403);
      expect(merchant.body.error.code).toBe('forbidden');
    }
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    expect(
      (await request(p.app, 'GET', '/api/console/tenants', { host: store.host, token: admin.token })).status,
    ).toBe(404);
  });
});

describe('tenants', () => {
  it('lists with search, filters and cursor pagination', async () => {
    const p = await testPlatform();
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const tag = uniq('q');
    const stores = [];
    for (let i = 0; i < 3; i++)
      stores.push(
        await createTestStore(p.deps, { handle: `${tag}-${i}`, plan: i === 2 ? 'growth' : 'trial' }),
      );
    const page1 = await request(p.app, 'GET', `/api/console/tenants?q=${tag}&limit=2`, {
      token: admin.token,
    });
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((t: { handle: string }) => t.handle)).toEqual([`${tag}-2`, `${tag}-1`]);
    expect(page1.body.items[0]).toMatchObject({ id: stores[2]!.tenant.id, status: 'active', plan: 'growth' });
    const page2 = await request(
      p.app,
      'GET',
      `/api/console/tenants?q=${tag}&limit=2&cursor=${page1.body.nextCursor}`,
      { token: admin.token },
    );
    expect(page2.body.items.map((t: { handle: string }) => t.handle)).toEqual([`${tag}-0`]);
    expect(page2.body.nextCursor).toBeNull();
    const growth = await request(p.app, 'GET', `/api/console/tenants?q=${tag}&plan=growth`, {
      token: admin.token,
    });
    expect(growth.body.items).toHaveLength(1);
    const future = await request(p.app, 'GET', `/api/console/tenants?q=${tag}&createdFrom=2999-01-01`, {
      token: admin.token,
    });
    expect(future.body.items).toHaveLength(0);
    const bad = await request(p.app, 'GET', '/api/console/tenants?status=weird', { token: admin.token });
    expect(bad.status).toBe(400);
    const badCursor = await request(p.app, 'GET', '/api/console/tenants?cursor=nope', { token: admin.token });
    expect(badCursor.status).toBe(400);
  });

  it('shows a tenant with owners and counts; unknown id → 404', async () => {
    const p = await testPlatform();
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const store = await createTestStore(p.deps);
    const res = await request(p.app, 'GET', `/api/console/tenants/${store.tenant.id}`, {
      token: admin.token,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      handle: store.tenant.handle,
      owners: [{ id: store.owner.id, email: store.owner.email }],
      counts: { members: 1, products: 0, orders: 0, customers: 0 },
    });
    const missing = await request(p.app, 'GET', '/api/console/tenants/00000000-0000-4000-8000-000000000000', {
      token: admin.token,
    });
    expect(missing.status).toBe(404);
  });

  it('suspend → store API and storefront 503 at once, admin API still reachable; reactivate → 200', async () => {
    const p = await testPlatform();
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const store = await createTestStore(p.deps);
    // Warm the Host cache so the test proves forgetSite takes effect.
    expect((await request(p.app, 'POST', '/api/store/carts', { host: store.host })).status).not.toBe(503);
    const noReason = await request(p.app, 'POST', `/api/console/tenants/${store.tenant.id}/suspend`, {
      token: admin.token,
      body: {},
    });
    expect(noReason.status).toBe(400);
    const s = await request(p.app, 'POST', `/api/console/tenants/${store.tenant.id}/suspend`, {
      token: admin.token,
      body: { reason: 'Fraud investigation' },
    });
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ status: 'suspended', suspendedReason: 'Fraud investigation' });
    const api = await request(p.app, 'POST', '/api/store/carts', { host: store.host });
    expect(api.status).toBe(503);
    expect(api.body.error.code).toBe('store_unavailable');
    const page = await request(p.app, 'GET', '/', { host: store.host, headers: { accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(
      (await request(p.app, 'GET', '/api/admin/staff', { host: store.host, token: store.owner.token }))
        .status,
    ).toBe(200);
    const twice = await request(p.app, 'POST', `/api/console/tenants/${store.tenant.id}/suspend`, {
      token: admin.token,
      body: { reason: 'again' },
    });
    expect(twice.status).toBe(409);

    const audit = await auditRows(p.deps, { action: 'tenant.suspended', targetId: store.tenant.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_type: 'platform_admin',
      actor_id: admin.id,
      tenant_id: store.tenant.id,
    });
    const events = await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .selectFrom('outbox')
        .select('topic')
        .where('tenant_id', '=', store.tenant.id)
        .where('topic', 'like', 'tenant.%')
        .execute(),
    );
    expect(events.map((e) => e.topic)).toEqual(['tenant.suspended']);

    const r = await request(p.app, 'POST', `/api/console/tenants/${store.tenant.id}/reactivate`, {
      token: admin.token,
    });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('active');
    expect((await request(p.app, 'POST', '/api/store/carts', { host: store.host })).status).not.toBe(503);
    expect(
      (await request(p.app, 'GET', '/', { host: store.host, headers: { accept: 'text/html' } })).status,
    ).toBe(200);
    expect(await auditRows(p.deps, { action: 'tenant.reactivated', targetId: store.tenant.id })).toHaveLength(
      1,
    );
  });

  it('audit log is listed newest first with filters and pagination', async () => {
    const p = await testPlatform();
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const store = await createTestStore(p.deps);
    await request(p.app, 'POST', `/api/console/tenants/${store.tenant.id}/suspend`, {
      token: admin.token,
      body: { reason: 'first' },
    });
    await request(p.app, 'POST', `/api/console/tenants/${store.tenant.id}/reactivate`, {
      token: admin.token,
    });
    const res = await request(p.app, 'GET', `/api/console/audit?tenantId=${store.tenant.id}&limit=1`, {
      token: admin.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ action: 'tenant.reactivated', actorEmail: admin.email });
    const next = await request(
      p.app,
      'GET',
      `/api/console/audit?tenantId=${store.tenant.id}&limit=1&cursor=${res.body.nextCursor}`,
      { token: admin.token },
    );
    expect(next.body.items[0]).toMatchObject({ action: 'tenant.suspended', data: { reason: 'first' } });
  });
});

describe('admin:create', () => {
  it('creates a platform admin and promotes an existing user idempotently', async () => {
    const p = await testPlatform();
    const email = `${uniq('ops')}@example.test`;
    const a = await ensurePlatformAdmin(p.deps.db, { email, password: 'ops password 12345' });
    expect(a.created).toBe(true);
    const b = await ensurePlatformAdmin(p.deps.db, { email, password: 'ops password 12345' });
    expect(b).toEqual({ userId: a.userId, created: false });
    const login = await request(p.app, 'POST', '/api/auth/login', {
      body: { email, password: 'ops password 12345' },
    });
    expect(login.body.merchant.platformAdmin).toBe(true);
    expect(
      (await request(p.app, 'GET', '/api/console/tenants', { token: login.body.accessToken })).status,
    ).toBe(200);
    const merchant = await createTestUser(p.deps);
    await ensurePlatformAdmin(p.deps.db, { email: merchant.email, password: 'ignored password 1' });
    expect((await request(p.app, 'GET', '/api/console/tenants', { token: merchant.token })).status).toBe(200);
  });
});
