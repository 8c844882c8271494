import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { addMember, createTestProduct, createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';
import { catalogCounts } from './helpers.js';

describe('admin categories', () => {
  it('creates nested categories, renames (search follows), moves, and deletes', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const staff = await addMember(p.deps, s.tenant.id, 'staff');
    const call = (method: string, path: string, body?: unknown, token = staff.token) =>
      request(p.app, method, path, { host: s.host, token, body });
    const root = await call('POST', '/api/admin/categories', { handle: 'home', name: 'Home' });
    expect(root.status).toBe(201);
    const child = await call('POST', '/api/admin/categories', {
      handle: 'Kitchen',
      name: 'Kitchen',
      parentHandle: 'home',
      position: 2,
    });
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({ handle: 'kitchen', parentId: root.body.id, position: 2 });
    const dup = await call('POST', '/api/admin/categories', { handle: 'home', name: 'Again' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('handle_taken');
    const orphan = await call('POST', '/api/admin/categories', {
      handle: 'x',
      name: 'X',
      parentHandle: 'nope',
    });
    expect(orphan.status).toBe(400);

    const prod = await createTestProduct(p.deps, s.tenant.id, { title: 'Pan', category: 'kitchen' });
    const renamed = await call('PATCH', `/api/admin/categories/${child.body.id}`, { name: 'Cookware' });
    expect(renamed.status).toBe(200);
    const found = await request(p.app, 'GET', '/api/store/products?q=cookware', { host: s.host });
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([prod.id]);

    // Cycles are refused.
    const cycle = await call('PATCH', `/api/admin/categories/${root.body.id}`, { parentHandle: 'kitchen' });
    expect(cycle.status).toBe(400);
    const self = await call('PATCH', `/api/admin/categories/${root.body.id}`, { parentHandle: 'home' });
    expect(self.status).toBe(400);

    const list = await call('GET', '/api/admin/categories');
    expect(list.body.items.map((c: { handle: string }) => c.handle).sort()).toEqual(['home', 'kitchen']);
    expect(list.body.tree[0].children[0].handle).toBe('kitchen');

    // Delete needs admin; products keep existing without the category.
    expect((await call('DELETE', `/api/admin/categories/${child.body.id}`)).status).toBe(403);
    const del = await call('DELETE', `/api/admin/categories/${child.body.id}`, undefined, s.owner.token);
    expect(del.status).toBe(200);
    const row = await withTenant(p.deps.db, s.tenant.id, (trx) =>
      trx
        .selectFrom('products')
        .select(['category_id', 'search_category'])
        .where('id', '=', prod.id)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ category_id: null, search_category: '' });
    expect((await call('GET', `/api/admin/categories/${child.body.id}`)).status).toBe(404);
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const before = await catalogCounts(p.deps, s.tenant.id);
    for (const body of [
      { handle: 'has space', name: 'X' },
      { handle: '-x', name: 'X' },
      { handle: 'ok', name: '' },
      { handle: 'ok', name: 'X', color: 'red' },
      { handle: 'ok', name: 'X', position: -1 },
      { handle: 'ok', name: 'X', position: 1.5 },
    ]) {
      const res = await request(p.app, 'POST', '/api/admin/categories', {
        host: s.host,
        token: s.owner.token,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect(await catalogCounts(p.deps, s.tenant.id)).toEqual(before);
  });
});
