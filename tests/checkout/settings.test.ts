/** Admin CRUD for discount codes, shipping rates and tax rates; the store's shipping options. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addMember, createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

describe('discount codes', () => {
  it('creates, reads, updates, lists and deletes', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const call = (method: string, path: string, body?: unknown) =>
      request(p.app, method, path, { host: store.host, token: store.owner.token, body });
    const created = await call('POST', '/api/admin/discount-codes', {
      code: 'SPRING-10',
      kind: 'percentage',
      value: 1000,
      minSubtotal: 2000,
      usageLimit: 100,
      startsAt: '2026-03-01T00:00:00Z',
      endsAt: '2026-06-01T00:00:00Z',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'SPRING-10',
      kind: 'percentage',
      value: 1000,
      usedCount: 0,
      active: true,
    });
    const id = created.body.id;
    const dup = await call('POST', '/api/admin/discount-codes', {
      code: 'spring-10',
      kind: 'fixed',
      value: 5,
    });
    expect(dup.status).toBe(409);
    const patched = await call('PATCH', `/api/admin/discount-codes/${id}`, {
      active: false,
      usageLimit: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: false, usageLimit: null });
    expect(
      (await call('GET', '/api/admin/discount-codes')).body.items.map((c: { id: string }) => c.id),
    ).toEqual([id]);
    expect((await call('DELETE', `/api/admin/discount-codes/${id}`)).status).toBe(200);
    expect((await call('GET', `/api/admin/discount-codes/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/api/admin/discount-codes/${id}`)).status).toBe(404);
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const call = (method: string, path: string, body?: unknown) =>
      request(p.app, method, path, { host: store.host, token: store.owner.token, body });
    for (const body of [
      { code: 'X', kind: 'percentage', value: 10_001 },
      { code: 'X', kind: 'fixed', value: 0 },
      { code: 'X', kind: 'fixed', value: -1 },
      { code: 'X', kind: 'fixed', value: 1.5 },
      { code: 'has space', kind: 'fixed', value: 1 },
      { code: "x'; drop table orders; --", kind: 'fixed', value: 1 },
      { code: 'X', kind: 'bogo', value: 1 },
      {
        code: 'X',
        kind: 'fixed',
        value: 1,
        startsAt: '2026-02-01T00:00:00Z',
        endsAt: '2026-01-01T00:00:00Z',
      },
      { code: 'X', kind: 'fixed', value: 1, extra: true },
    ]) {
      const res = await call('POST', '/api/admin/discount-codes', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await call('GET', '/api/admin/discount-codes')).body.items).toEqual([]);
    expect((await call('PATCH', `/api/admin/discount-codes/${randomUUID()}`, { active: false })).status).toBe(
      404,
    );
  });

  it('lets staff read but not write', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const staff = await addMember(p.deps, store.tenant.id, 'staff');
    expect(
      (await request(p.app, 'GET', '/api/admin/discount-codes', { host: store.host, token: staff.token }))
        .status,
    ).toBe(200);
    const write = await request(p.app, 'POST', '/api/admin/discount-codes', {
      host: store.host,
      token: staff.token,
      body: { code: 'S', kind: 'fixed', value: 1 },
    });
    expect(write.status).toBe(403);
  });
});

describe('shipping rates and tax rates', () => {
  it('manages rates and shows the store the options for a country', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const call = (method: string, path: string, body?: unknown) =>
      request(p.app, method, path, { host: store.host, token: store.owner.token, body });
    const std = await call('POST', '/api/admin/shipping-rates', {
      name: 'Standard',
      amount: 500,
      freeAbove: 5000,
    });
    expect(std.status).toBe(201);
    const eu = await call('POST', '/api/admin/shipping-rates', {
      name: 'EU',
      amount: 900,
      countries: ['de', 'fr', 'DE'],
    });
    expect(eu.body.countries).toEqual(['DE', 'FR']);
    const hidden = await call('POST', '/api/admin/shipping-rates', { name: 'Old', amount: 1, active: false });
    expect(
      (await call('PATCH', `/api/admin/shipping-rates/${std.body.id}`, { amount: 450 })).body.amount,
    ).toBe(450);

    const us = await request(p.app, 'GET', '/api/store/shipping-rates?country=us', { host: store.host });
    expect(us.status).toBe(200);
    expect(us.body.items.map((r: { name: string }) => r.name)).toEqual(['Standard']);
    const de = await request(p.app, 'GET', '/api/store/shipping-rates?country=DE', { host: store.host });
    expect(de.body.items.map((r: { name: string }) => r.name).sort()).toEqual(['EU', 'Standard']);
    expect(
      (await request(p.app, 'GET', '/api/store/shipping-rates?country=USA', { host: store.host })).status,
    ).toBe(400);
    expect((await call('DELETE', `/api/admin/shipping-rates/${hidden.body.id}`)).status).toBe(200);
    expect((await call('GET', '/api/admin/shipping-rates')).body.items).toHaveLength(2);
    for (const body of [
      { name: '', amount: 1 },
      { name: 'A', amount: -1 },
      { name: 'A', amount: 1, countries: ['USA'] },
    ]) {
      expect((await call('POST', '/api/admin/shipping-rates', body)).status).toBe(400);
    }

    expect((await call('PUT', '/api/admin/tax-rates/de', { rate: 1900, inclusive: true })).body).toEqual({
      country: 'DE',
      region: null,
      rate: 1900,
      inclusive: true,
    });
    expect((await call('PUT', '/api/admin/tax-rates/DE', { rate: 700 })).body).toEqual({
      country: 'DE',
      region: null,
      rate: 700,
      inclusive: false,
    });
    expect((await call('GET', '/api/admin/tax-rates')).body.items).toEqual([
      { country: 'DE', region: null, rate: 700, inclusive: false },
    ]);
    for (const [path, body] of [
      ['/api/admin/tax-rates/DEU', { rate: 1 }],
      ['/api/admin/tax-rates/DE', { rate: 10_001 }],
      ['/api/admin/tax-rates/DE', { rate: 7.5 }],
    ] as const) {
      expect((await call('PUT', path, body)).status).toBe(400);
    }
    expect((await call('DELETE', '/api/admin/tax-rates/DE')).status).toBe(200);
    expect((await call('DELETE', '/api/admin/tax-rates/DE')).status).toBe(404);
  });
});
