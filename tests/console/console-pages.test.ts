/** Console pages: sign-in redirect, platform admins only, filters, suspend with reason via a CSRF-protected form. */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { csrfFrom, getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import { createTestStore, createTestUser } from '../support/factories.js';
import { APEX_HOST, request, testPlatform } from '../support/platform.js';

const statusOf = async (p: Awaited<ReturnType<typeof testPlatform>>, id: string) =>
  (
    await withPlatformAccess(p.deps.db, (trx) =>
      trx.selectFrom('tenants').select('status').where('id', '=', id).executeTakeFirstOrThrow(),
    )
  ).status;

describe('console pages', () => {
  it('redirects anonymous visitors to /login and answers 403 to merchants', async () => {
    const p = await testPlatform();
    const anon = await getPage(p.app, APEX_HOST, '/console');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/login?next=%2Fconsole');
    const merchant = await createTestUser(p.deps);
    const { cookie } = await pageLogin(p.app, APEX_HOST, '/login', merchant.email, merchant.password);
    expect((await getPage(p.app, APEX_HOST, '/console', cookie)).status).toBe(403);
    expect((await getPage(p.app, APEX_HOST, '/console/audit', cookie)).status).toBe(403);
  });

  it('lists and filters tenants, suspends with a reason (CSRF-checked), reactivates', async () => {
    const p = await testPlatform();
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const store = await createTestStore(p.deps);
    const { cookie, location } = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    expect(location).toBe('/console');
    const list = await getPage(p.app, APEX_HOST, `/console?q=${store.tenant.handle}&status=active`, cookie);
    expect(list.status).toBe(200);
    expect(list.text).toContain(`/console/tenants/${store.tenant.id}`);
    const none = await getPage(
      p.app,
      APEX_HOST,
      `/console?q=${store.tenant.handle}&status=suspended`,
      cookie,
    );
    expect(none.text).toContain('No tenants match these filters');

    const detail = await getPage(p.app, APEX_HOST, `/console/tenants/${store.tenant.id}`, cookie);
    expect(detail.text).toContain(store.owner.email);
    const token = csrfFrom(detail.text);
    const forged = await postForm(
      p.app,
      APEX_HOST,
      `/console/tenants/${store.tenant.id}/suspend`,
      { reason: 'csrf attempt' },
      { cookie },
    );
    expect(forged.status).toBe(403);
    expect(await statusOf(p, store.tenant.id)).toBe('active');
    const noReason = await postForm(
      p.app,
      APEX_HOST,
      `/console/tenants/${store.tenant.id}/suspend`,
      { _csrf: token, reason: '' },
      { cookie },
    );
    expect(noReason.status).toBe(400);
    // The confirmation: the store's handle typed again, else 400 with the reason kept and nothing changed.
    const unconfirmed = await postForm(
      p.app,
      APEX_HOST,
      `/console/tenants/${store.tenant.id}/suspend`,
      { _csrf: token, reason: 'Chargebacks', confirm: 'not-the-handle' },
      { cookie },
    );
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain(`Type ${store.tenant.handle} to confirm`);
    expect(unconfirmed.text).toContain('Chargebacks');
    expect(await statusOf(p, store.tenant.id)).toBe('active');
    const ok = await postForm(
      p.app,
      APEX_HOST,
      `/console/tenants/${store.tenant.id}/suspend`,
      { _csrf: token, reason: 'Chargebacks', confirm: store.tenant.handle },
      { cookie },
    );
    expect(ok.status).toBe(303);
    expect(await statusOf(p, store.tenant.id)).toBe('suspended');
    expect((await getPage(p.app, store.host, '/')).status).toBe(503);
    expect((await request(p.app, 'POST', '/api/store/carts', { host: store.host })).status).toBe(503);

    const audit = await getPage(p.app, APEX_HOST, `/console/audit?tenantId=${store.tenant.id}`, cookie);
    expect(audit.text).toContain('Store suspended');
    expect(audit.text).toContain('Chargebacks');
    expect(audit.text).toContain(admin.email);
    expect(audit.text).toContain(store.tenant.name);

    const re = await postForm(
      p.app,
      APEX_HOST,
      `/console/tenants/${store.tenant.id}/reactivate`,
      { _csrf: token },
      { cookie },
    );
    expect(re.status).toBe(303);
    expect(await statusOf(p, store.tenant.id)).toBe('active');
    expect((await getPage(p.app, store.host, '/')).status).toBe(200);
  });
});
