/** POST /api/stores: an existing merchant opens another store (signup refuses their email). */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { request, storeHost, testPlatform } from '../support/platform.js';
import { signupBody } from './helpers.js';

describe('POST /api/stores', () => {
  it('creates a second store owned by the signed-in merchant; an identical retry returns it', async () => {
    const { app, deps } = await testPlatform();
    const first = signupBody();
    const signed = await request(app, 'POST', '/api/signup', { body: first });
    const token = signed.body.accessToken as string;
    const second = signupBody({ template: 'grocery' });
    const body = { storeName: second.storeName, handle: second.handle, template: 'grocery' };
    const res = await request(app, 'POST', '/api/stores', { token, body });
    expect(res.status).toBe(201);
    expect(res.body.store).toMatchObject({ handle: second.handle, currency: 'EUR' });
    expect(res.body.merchant.id).toBe(signed.body.merchant.id);
    const again = await request(app, 'POST', '/api/stores', { token, body });
    expect(again.status).toBe(201);
    expect(again.body.store.id).toBe(res.body.store.id);

    const roles = await withPlatformAccess(deps.db, (trx) =>
      trx
        .selectFrom('memberships')
        .select(['tenant_id', 'role'])
        .where('user_id', '=', signed.body.merchant.id)
        .execute(),
    );
    expect(roles.map((r) => r.role)).toEqual(['owner', 'owner']);
    const home = await request(app, 'GET', '/', { host: storeHost(second.handle) });
    expect(home.text).toContain('Braeburn Apples');
  });

  it('needs a merchant token, valid input and a free handle', async () => {
    const { app } = await testPlatform();
    const first = signupBody();
    const signed = await request(app, 'POST', '/api/signup', { body: first });
    const token = signed.body.accessToken as string;
    const ok = { storeName: 'Another', handle: signupBody().handle };
    expect((await request(app, 'POST', '/api/stores', { body: ok })).status).toBe(401);
    const bad = await request(app, 'POST', '/api/stores', { token, body: { ...ok, handle: 'api' } });
    expect(bad.status).toBe(400);
    // Its own store from a minute ago is an identical retry, not a conflict.
    const own = await request(app, 'POST', '/api/stores', { token, body: { ...ok, handle: first.handle } });
    expect(own.status).toBe(201);
    expect(own.body.store.id).toBe(signed.body.store.id);
    const other = await request(app, 'POST', '/api/signup', { body: signupBody() });
    const notMine = await request(app, 'POST', '/api/stores', {
      token: other.body.accessToken,
      body: { ...ok, handle: first.handle },
    });
    expect(notMine.status).toBe(409);
    expect(notMine.body.error.code).toBe('handle_taken');
    const onStore = await request(app, 'POST', '/api/stores', {
      token,
      body: ok,
      host: storeHost(first.handle),
    });
    expect(onStore.status).toBe(404);
  });
});
