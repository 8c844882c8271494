/**
 * The entitlement matrix: every plan in the `plans` table × every
 * entitlement, walked through the admin API as a merchant would (billing
 * configured against the fake Stripe server). A feature the plan lacks
 * answers 409 plan_limit_reached and writes nothing; a limit admits exactly
 * its count; a downgrade keeps the data but stops the feature.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import type { DnsResolver } from '../../src/lib/dns.js';
import { createTestStore, type TestStore, uniq } from '../support/factories.js';
import { startFakeStripe } from '../support/fake-stripe.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

const fake = await startFakeStripe();
afterAll(() => fake.close());
const platform = testPlatform({ env: fake.env });

/** DNS answers the test controls: TXT values by name. */
const txt = new Map<string, string[]>();
const fakeDns: DnsResolver = {
  resolveTxt: async (name) => txt.get(name) ?? [],
  resolveCname: async () => [],
};

const DEMAND = {
  name: 'Demand',
  kind: 'demand',
  params: { lowCoverDays: 7, highCoverDays: 60, stepBp: 1000, minBp: 8000, maxBp: 13000 },
};

async function storeOn(p: TestPlatform, plan: string): Promise<TestStore> {
  const s = await createTestStore(p.deps);
  await withPlatformAccess(p.deps.db, (trx) =>
    trx.updateTable('tenants').set({ plan }).where('id', '=', s.tenant.id).execute(),
  );
  return s;
}

const count = (p: TestPlatform, tenantId: string, table: 'products' | 'price_rules' | 'custom_domains') =>
  withTenant(p.deps.db, tenantId, async (trx) =>
    Number(
      (
        await sql<{
          n: string;
        }>`select count(*) as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(trx)
      ).rows[0]?.n,
    ),
  );

/** Fills the catalogue to `n` products straight in the table (draft rows; the limit counts rows). */
async function fillProducts(p: TestPlatform, tenantId: string, n: number) {
  await withTenant(p.deps.db, tenantId, (trx) =>
    sql`insert into products (tenant_id, handle, title)
        select ${tenantId}, 'fill-' || g, 'Fill ' || g from generate_series(1, ${n}) g`.execute(trx),
  );
}

const PLANS = await (async () => {
  const p = await platform;
  return withPlatformAccess(p.deps.db, (trx) =>
    trx.selectFrom('plans').selectAll().orderBy('position').execute(),
  );
})();

describe('entitlement matrix', () => {
  it('covers every plan in the plans table', () => {
    expect(PLANS.map((r) => r.id)).toEqual(['developer', 'trial', 'starter', 'growth', 'pro']);
  });

  for (const plan of PLANS) {
    describe(`${plan.id} plan`, () => {
      it(`reports its entitlements (fee ${plan.transaction_fee_bp} bp) in the billing API`, async () => {
        const p = await platform;
        const s = await storeOn(p, plan.id);
        const res = await request(p.app, 'GET', '/api/admin/billing', { host: s.host, token: s.owner.token });
        expect(res.status).toBe(200);
        expect(res.body.entitlements).toMatchObject({
          plan: plan.id,
          productLimit: plan.product_limit,
          staffSeats: plan.staff_seats,
          transactionFeeBp: plan.transaction_fee_bp,
          customDomain: plan.custom_domain,
          dynamicPricing: plan.dynamic_pricing,
        });
      });

      it(`products: ${plan.product_limit ?? 'unlimited'}`, async () => {
        const p = await platform;
        const s = await storeOn(p, plan.id);
        // A finite limit is filled to the brim; an unlimited plan gets more than any finite one allows.
        const fill = plan.product_limit ?? Math.max(...PLANS.map((r) => r.product_limit ?? 0));
        await fillProducts(p, s.tenant.id, fill);
        const res = await request(p.app, 'POST', '/api/admin/products', {
          host: s.host,
          token: s.owner.token,
          body: {
            title: 'One more',
            status: 'active',
            variants: [{ sku: uniq('SKU-'), price: 1000, stock: 1 }],
          },
        });
        if (plan.product_limit === null) {
          expect(res.status).toBe(201);
          expect(await count(p, s.tenant.id, 'products')).toBe(fill + 1);
        } else {
          expect(res.status).toBe(409);
          expect(res.body.error.code).toBe('plan_limit_reached');
          expect(await count(p, s.tenant.id, 'products')).toBe(fill);
        }
      });

      it(`staff seats: ${plan.staff_seats ?? 'unlimited'}`, async () => {
        const p = await platform;
        const s = await storeOn(p, plan.id);
        const invite = (n: number) =>
          request(p.app, 'POST', '/api/admin/staff/invitations', {
            host: s.host,
            token: s.owner.token,
            body: { email: `seat${n}@example.test`, role: 'staff' },
          });
        // The owner holds one seat.
        const free = (plan.staff_seats ?? Math.max(...PLANS.map((r) => r.staff_seats ?? 0)) + 1) - 1;
        for (let n = 1; n <= free; n++) expect((await invite(n)).status).toBe(201);
        const next = await invite(free + 1);
        if (plan.staff_seats === null) expect(next.status).toBe(201);
        else {
          expect(next.status).toBe(409);
          expect(next.body.error.code).toBe('plan_limit_reached');
        }
      });

      it(`dynamic pricing: ${plan.dynamic_pricing ? 'included' : 'not included'}`, async () => {
        const p = await platform;
        const s = await storeOn(p, plan.id);
        const res = await request(p.app, 'POST', '/api/admin/pricing/rules', {
          host: s.host,
          token: s.owner.token,
          body: DEMAND,
        });
        expect(res.status).toBe(plan.dynamic_pricing ? 201 : 409);
        if (!plan.dynamic_pricing) expect(res.body.error.code).toBe('plan_limit_reached');
        expect(await count(p, s.tenant.id, 'price_rules')).toBe(plan.dynamic_pricing ? 1 : 0);
        // Rules the plan does include stay open.
        const costPlus = await request(p.app, 'POST', '/api/admin/pricing/rules', {
          host: s.host,
          token: s.owner.token,
          body: { name: 'Margin', kind: 'cost_plus', params: { markupBp: 5000 } },
        });
        expect(costPlus.status).toBe(201);
      });

      it(`custom domain: ${plan.custom_domain ? 'one' : 'none'}`, async () => {
        const p = await platform;
        const s = await storeOn(p, plan.id);
        const add = (domain: string) =>
          request(p.app, 'POST', '/api/admin/domain', {
            host: s.host,
            token: s.owner.token,
            body: { domain },
          });
        const first = await add(`${uniq('shop')}.example.test`);
        expect(first.status).toBe(plan.custom_domain ? 201 : 409);
        if (!plan.custom_domain) expect(first.body.error.code).toBe('plan_limit_reached');
        // One domain per store: a second is refused either way.
        const second = await add(`${uniq('other')}.example.test`);
        expect(second.status).toBe(409);
        expect(second.body.error.code).toBe('plan_limit_reached');
        expect(await count(p, s.tenant.id, 'custom_domains')).toBe(plan.custom_domain ? 1 : 0);
        const state = await request(p.app, 'GET', '/api/admin/domain', {
          host: s.host,
          token: s.owner.token,
        });
        expect(state.body.entitled).toBe(plan.custom_domain);
      });
    });
  }
});

describe('downgrade keeps the data and stops the features', () => {
  it('pro → starter: demand rules stay but stop pricing; the verified domain stays but stops resolving', async () => {
    const p = await platform;
    p.deps.dns = fakeDns;
    const s = await storeOn(p, 'pro');
    const opts = { host: s.host, token: s.owner.token };
    expect((await request(p.app, 'POST', '/api/admin/pricing/rules', { ...opts, body: DEMAND })).status).toBe(
      201,
    );
    const domain = `${uniq('shop')}.example.test`;
    const added = await request(p.app, 'POST', '/api/admin/domain', { ...opts, body: { domain } });
    expect(added.status).toBe(201);
    const record = added.body.records.find((r: { type: string }) => r.type === 'TXT');
    txt.set(record.name, [record.value]);
    expect((await request(p.app, 'POST', '/api/admin/domain/verify', opts)).body.status).toBe('verified');
    const home = () => request(p.app, 'GET', '/api/store/products', { host: `${domain}:3000` });
    expect((await home()).status).toBe(200);
    const tls = () => request(p.app, 'GET', `/tls/allowed?domain=${domain}`);
    expect((await tls()).status).toBe(200);

    await withPlatformAccess(p.deps.db, (trx) =>
      trx.updateTable('tenants').set({ plan: 'starter' }).where('id', '=', s.tenant.id).execute(),
    );
    expect(await count(p, s.tenant.id, 'price_rules')).toBe(1);
    expect(await count(p, s.tenant.id, 'custom_domains')).toBe(1);
    // The demand rule can no longer be edited, and Host resolution ignores the domain (after the 2 s cache).
    const rules = await request(p.app, 'GET', '/api/admin/pricing/rules', opts);
    const patch = await request(p.app, 'PATCH', `/api/admin/pricing/rules/${rules.body.items[0].id}`, {
      ...opts,
      body: { name: 'Renamed' },
    });
    expect(patch.status).toBe(409);
    const { forgetSite } = await import('../../src/modules/tenancy/site.js');
    forgetSite();
    expect((await home()).status).toBe(404);
    expect((await tls()).status).toBe(404);
  });
});
