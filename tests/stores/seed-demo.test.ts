/** The embedded default's seed provisions the demo store from a real template, once. */
import { describe, expect, it } from 'vitest';
import { DEMO_HANDLE, seedDemo } from '../../src/flows/seed-demo.js';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { request, storeHost, testPlatform } from '../support/platform.js';

describe('seedDemo', () => {
  it('creates the platform admin and a provisioned demo store, and nothing on a second run', async () => {
    const { app, deps } = await testPlatform();
    const first = await seedDemo(deps);
    expect(first.handle).toBe(DEMO_HANDLE);
    const products = await withPlatformAccess(deps.db, async (trx) => {
      const t = await trx
        .selectFrom('tenants')
        .select('id')
        .where('handle', '=', DEMO_HANDLE)
        .executeTakeFirstOrThrow();
      return trx.selectFrom('products').select('id').where('tenant_id', '=', t.id).execute();
    });
    expect(products.length).toBeGreaterThanOrEqual(20);
    const second = await seedDemo(deps);
    expect(second.createdCredentials).toBeUndefined();
    const home = await request(app, 'GET', '/', { host: storeHost(DEMO_HANDLE) });
    expect(home.status).toBe(200);
    expect(home.text).toContain('Demo Store');
  });
});
