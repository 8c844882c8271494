/**
 * Plan limits where they apply: staff seats on invitations (members + live
 * invitations ≤ the plan's seats → else 409 plan_limit_reached, nothing
 * written); without Stripe keys the developer plan has no seat limit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { createTestStore } from '../support/factories.js';
import { startFakeStripe } from '../support/fake-stripe.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

const fake = await startFakeStripe();
afterAll(() => fake.close());
const platform = testPlatform({ env: fake.env });
const unconfigured = testPlatform();

const invitations = (p: TestPlatform, tenantId: string) =>
  withTenant(p.deps.db, tenantId, (trx) =>
    trx
      .selectFrom('staff_invitations')
      .select('email')
      .where('tenant_id', '=', tenantId)
      .where('revoked_at', 'is', null)
      .execute(),
  );

describe('staff seats', () => {
  it('starter (2 seats): owner + one invitation fit, the next → 409 and nothing written; upgrading frees seats', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    await withPlatformAccess(p.deps.db, (trx) =>
      trx.updateTable('tenants').set({ plan: 'starter' }).where('id', '=', store.tenant.id).execute(),
    );
    const invite = (email: string) =>
      request(p.app, 'POST', '/api/admin/staff/invitations', {
        host: store.host,
        token: store.owner.token,
        body: { email, role: 'staff' },
      });
    expect((await invite('one@example.test')).status).toBe(201);
    const over = await invite('two@example.test');
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('plan_limit_reached');
    expect(over.body.error.message).toMatch(/starter plan allows 2 staff seats/);
    expect((await invitations(p, store.tenant.id)).map((i) => i.email)).toEqual(['one@example.test']);
    // Re-inviting the same address replaces its invitation and does not need a new seat.
    expect((await invite('one@example.test')).status).toBe(201);
    await withPlatformAccess(p.deps.db, (trx) =>
      trx.updateTable('tenants').set({ plan: 'growth' }).where('id', '=', store.tenant.id).execute(),
    );
    expect((await invite('two@example.test')).status).toBe(201);
  });

  it('without Stripe keys (developer plan) seats are unlimited', async () => {
    const p = await unconfigured;
    const store = await createTestStore(p.deps);
    for (const n of [1, 2, 3]) {
      const res = await request(p.app, 'POST', '/api/admin/staff/invitations', {
        host: store.host,
        token: store.owner.token,
        body: { email: `dev${n}@example.test`, role: 'staff' },
      });
      expect(res.status).toBe(201);
    }
  });
});
