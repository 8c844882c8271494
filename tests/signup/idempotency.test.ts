/** Signup under retries and races, and a failure halfway leaving nothing behind. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { provisionStore } from '../../src/flows/provision-store.js';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { getTemplate } from '../../src/modules/stores/templates.js';
import { request, testPlatform } from '../support/platform.js';
import { signupBody } from './helpers.js';

describe('signup idempotency', () => {
  it('returns the same store for an identical retry, and 409 for the same handle with another password', async () => {
    const { app } = await testPlatform();
    const body = signupBody({ template: 'grocery' });
    const first = await request(app, 'POST', '/api/signup', { body });
    expect(first.status).toBe(201);
    const retry = await request(app, 'POST', '/api/signup', { body });
    expect(retry.status).toBe(201);
    expect(retry.body.store).toEqual(first.body.store);
    expect(retry.body.merchant).toEqual(first.body.merchant);

    const wrong = await request(app, 'POST', '/api/signup', {
      body: { ...body, password: 'another-secret-phrase-9' },
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.code).toBe('handle_taken');
  });

  it('10 identical signups racing create exactly one store, and every caller gets it', async () => {
    const { app, deps } = await testPlatform();
    const body = signupBody({ template: 'electronics' });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => request(app, 'POST', '/api/signup', { body })),
    );
    const statuses = results.map((r) => r.status);
    expect(
      statuses.every((s) => s === 201),
      JSON.stringify(results.map((r) => r.body?.error)),
    ).toBe(true);
    expect(new Set(results.map((r) => r.body.store.id)).size).toBe(1);
    const counts = await withPlatformAccess(deps.db, async (trx) => {
      const tenants = await trx
        .selectFrom('tenants')
        .select('id')
        .where('handle', '=', body.handle)
        .execute();
      const users = await trx.selectFrom('users').select('id').where('email', '=', body.email).execute();
      const products = await trx
        .selectFrom('products')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('tenant_id', '=', tenants[0]!.id)
        .executeTakeFirstOrThrow();
      return { tenants: tenants.length, users: users.length, products: products.n };
    });
    const template = await getTemplate('electronics');
    expect(counts).toEqual({ tenants: 1, users: 1, products: template!.catalog.products.length });
  });

  it('leaves no rows anywhere when provisioning fails halfway', async () => {
    const { deps } = await testPlatform();
    const body = signupBody();
    const template = (await getTemplate('apparel'))!;
    let seenTenant: string | undefined;
    await expect(
      provisionStore(
        deps,
        { ...body, template },
        {
          beforeCommit: async (trx, tenantId) => {
            seenTenant = tenantId;
            // Everything was written inside the transaction before the failure.
            const n = await trx
              .selectFrom('products')
              .select(sql<number>`count(*)::int`.as('n'))
              .where('tenant_id', '=', tenantId)
              .executeTakeFirstOrThrow();
            expect(n.n).toBe(template.catalog.products.length);
            throw new Error('injected failure');
          },
        },
      ),
    ).rejects.toThrow('injected failure');
    expect(seenTenant).toBeDefined();
    const left = await withPlatformAccess(deps.db, async (trx) => {
      const count = async (table: string, where: ReturnType<typeof sql>) =>
        (
          await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(
            trx,
          )
        ).rows[0]!.n;
      const byTenant = sql`tenant_id = ${seenTenant}`;
      return {
        tenants: await count('tenants', sql`handle = ${body.handle} or id = ${seenTenant}`),
        users: await count('users', sql`email = ${body.email}`),
        memberships: await count('memberships', byTenant),
        settings: await count('store_settings', byTenant),
        pages: await count('store_pages', byTenant),
        categories: await count('categories', byTenant),
        products: await count('products', byTenant),
        variants: await count('variants', byTenant),
        ledger: await count('inventory_adjustments', byTenant),
        outbox: await count('outbox', byTenant),
        audit: await count('audit_log', byTenant),
      };
    });
    expect(
      Object.values(left).every((n) => n === 0),
      JSON.stringify(left),
    ).toBe(true);

    // And the same signup then succeeds normally.
    const ok = await provisionStore(deps, { ...body, template });
    expect(ok.replayed).toBe(false);
  });
});
