/**
 * One way to remove a store (issue #17): the console's "Delete store" starts
 * the same closing as the owner's (audited, purge date, "Purge now" then
 * removes it); stores the old "Delete store" left marked 'deleted' are
 * adopted and purged by the sweep. A store suspended for billing can still
 * close itself (and export its data); reopening puts it back in that
 * suspension.
 */
import { describe, expect, it } from 'vitest';
import { runStoreClosingSweep } from '../../src/flows/store-purge.js';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { forgetSite } from '../../src/modules/tenancy/site.js';
import { csrfFrom, getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import { createTestStore, createTestUser, type TestStore } from '../support/factories.js';
import { APEX_HOST, request, type TestPlatform, testPlatform } from '../support/platform.js';
import { closeViaPage, ownerSession, rowsPerTable, seedStore } from './fixture.js';

const platform = testPlatform();

const tenantOf = (p: TestPlatform, id: string) =>
  withPlatformAccess(p.deps.db, (trx) =>
    trx.selectFrom('tenants').select(['status', 'suspended_reason']).where('id', '=', id).executeTakeFirst(),
  );

const auditOf = (p: TestPlatform, id: string, action: string) =>
  withPlatformAccess(p.deps.db, (trx) =>
    trx
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id', 'data'])
      .where('tenant_id', '=', id)
      .where('action', '=', action)
      .execute(),
  );

async function suspendForBilling(p: TestPlatform, s: TestStore) {
  await withPlatformAccess(p.deps.db, (trx) =>
    trx
      .updateTable('tenants')
      .set({ status: 'suspended', suspended_reason: 'billing', suspended_at: new Date() })
      .where('id', '=', s.tenant.id)
      .execute(),
  );
  forgetSite(s.tenant.handle);
}

describe('one way to remove a store', () => {
  it("console 'Delete store' starts the closing (audited), and purge now removes it", async () => {
    const p = await platform;
    const s = await createTestStore(p.deps);
    await seedStore(p, s);
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const { cookie } = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    const page = await getPage(p.app, APEX_HOST, `/console/tenants/${s.tenant.id}`, cookie);
    const del = (reason: string, confirm: string) =>
      postForm(
        p.app,
        APEX_HOST,
        `/console/tenants/${s.tenant.id}/delete`,
        { _csrf: csrfFrom(page.text), reason, confirm },
        { cookie },
      );
    expect((await del('', s.tenant.handle)).status).toBe(400);
    expect((await del('Fraud', 'x')).status).toBe(400);
    expect(await tenantOf(p, s.tenant.id)).toMatchObject({ status: 'active' });

    expect((await del('Fraud', s.tenant.handle)).status).toBe(303);
    expect(await tenantOf(p, s.tenant.id)).toMatchObject({
      status: 'suspended',
      suspended_reason: 'closing',
    });
    expect((await getPage(p.app, s.host, '/')).status).toBe(410);
    expect(await auditOf(p, s.tenant.id, 'store.closing_started')).toEqual([
      expect.objectContaining({
        actor_type: 'platform_admin',
        actor_id: admin.id,
        data: expect.objectContaining({ reason: 'Fraud' }),
      }),
    ]);
    const detail = await getPage(p.app, APEX_HOST, `/console/tenants/${s.tenant.id}`, cookie);
    expect(detail.text).toContain('Purge now');
    const purge = await postForm(
      p.app,
      APEX_HOST,
      `/console/tenants/${s.tenant.id}/purge`,
      { _csrf: csrfFrom(detail.text), reason: 'Fraud confirmed', confirm: s.tenant.handle },
      { cookie },
    );
    expect(purge.status).toBe(303);
    expect(Object.values(await rowsPerTable(p, s.tenant.id)).every((n) => n === 0)).toBe(true);
    expect(await tenantOf(p, s.tenant.id)).toBeUndefined();
  });

  it('a store the platform had suspended goes back to that suspension when its closing is cancelled', async () => {
    const p = await platform;
    const s = await createTestStore(p.deps);
    await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .updateTable('tenants')
        .set({ status: 'suspended', suspended_reason: 'Abuse report #12', suspended_at: new Date() })
        .where('id', '=', s.tenant.id)
        .execute(),
    );
    forgetSite(s.tenant.handle);
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const { cookie } = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    const post = async (action: string, form: Record<string, string>) => {
      const page = await getPage(p.app, APEX_HOST, `/console/tenants/${s.tenant.id}`, cookie);
      return postForm(
        p.app,
        APEX_HOST,
        `/console/tenants/${s.tenant.id}/${action}`,
        { _csrf: csrfFrom(page.text), ...form },
        { cookie },
      );
    };
    expect((await post('delete', { reason: 'Abuse', confirm: s.tenant.handle })).status).toBe(303);
    expect(await tenantOf(p, s.tenant.id)).toMatchObject({
      status: 'suspended',
      suspended_reason: 'closing',
    });
    expect((await post('cancel-closing', { reason: 'Wrong store' })).status).toBe(303);
    // Not active: cancelling the closing must not lift the platform's own suspension.
    expect(await tenantOf(p, s.tenant.id)).toEqual({
      status: 'suspended',
      suspended_reason: 'Abuse report #12',
    });
    expect((await getPage(p.app, s.host, '/')).status).toBe(503);
  });

  it("the sweep purges stores the old 'Delete store' left marked deleted", async () => {
    const p = await platform;
    const s = await createTestStore(p.deps);
    await seedStore(p, s);
    await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .updateTable('tenants')
        .set({ status: 'deleted', suspended_reason: 'Old delete', suspended_at: new Date() })
        .where('id', '=', s.tenant.id)
        .execute(),
    );
    await runStoreClosingSweep(p.deps, new Date());
    expect(await tenantOf(p, s.tenant.id)).toBeUndefined();
    expect(Object.values(await rowsPerTable(p, s.tenant.id)).every((n) => n === 0)).toBe(true);
    const tomb = await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .selectFrom('store_tombstones')
        .select(['handle', 'close_reason', 'purged_by'])
        .where('store_id', '=', s.tenant.id)
        .executeTakeFirst(),
    );
    expect(tomb).toMatchObject({ handle: s.tenant.handle, close_reason: 'Old delete', purged_by: null });
  });
});

describe('closing while suspended for billing', () => {
  it('the owner can export and close (page and API); reopening goes back to the billing suspension', async () => {
    const p = await platform;
    const a = await createTestStore(p.deps);
    const b = await createTestStore(p.deps);
    await seedStore(p, a);
    for (const s of [a, b]) await suspendForBilling(p, s);
    const api = (s: TestStore, method: string, path: string, body?: unknown) =>
      request(p.app, method, path, { host: s.host, token: s.owner.token, ...(body ? { body } : {}) });

    // Still read-only for everything else.
    const write = await api(a, 'POST', '/api/admin/store/pages', { title: 'X', body: 'y' });
    expect(write.status).toBe(409);
    expect(write.body.error.code).toBe('store_suspended_billing');

    // Export, then close from the page.
    const owner = await ownerSession(p, a);
    const zip = await getPage(p.app, a.host, '/admin/store-data/export.zip', owner.cookie);
    expect(zip.status).toBe(200);
    expect((await closeViaPage(p, a, owner.cookie, a.tenant.handle)).status).toBe(303);
    expect(await tenantOf(p, a.tenant.id)).toMatchObject({ suspended_reason: 'closing' });
    // Close through the API too.
    expect((await api(b, 'POST', '/api/admin/store/close', { confirm: b.tenant.handle })).status).toBe(200);

    // Reopen: back to the suspension for billing, still read-only; the way out is paying.
    expect((await api(a, 'POST', '/api/admin/store/reopen')).status).toBe(200);
    expect(await tenantOf(p, a.tenant.id)).toMatchObject({
      status: 'suspended',
      suspended_reason: 'billing',
    });
    forgetSite(a.tenant.handle);
    expect((await api(a, 'POST', '/api/admin/store/pages', { title: 'X', body: 'y' })).status).toBe(409);
  });
});
