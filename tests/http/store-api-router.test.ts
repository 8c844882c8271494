/**
 * The store API's own router (src/app.ts `withStoreApiRouter`): requests under
 * /api/store/ are answered by a small app that must (1) run on hono's
 * RegExpRouter — every one of its routes accepted — and (2) match, for every
 * store API path, exactly the handlers the full app matches, in the same
 * order, less the page-only middleware that pass /api/ paths through. A route
 * added elsewhere that also matches /api/store/… paths, or a store route
 * RegExpRouter refuses, fails here.
 */
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { describe, expect, it } from 'vitest';
import { canMatchStoreApi } from '../../src/app.js';
import { createTestProduct, createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

type Matchable = { router: { match(m: string, p: string): [unknown[][]] } };
type Route = { method: string; path: string; handler: unknown };

/** The handlers a Hono app's router matches (each router stores [handler, route] per entry). */
function matched(app: Matchable, method: string, path: string): unknown[] {
  return app.router.match(method, path)[0].map((entry) => (entry[0] as [unknown])[0]);
}

/** A concrete path for a pattern: parameters and wildcards filled in. */
function concrete(pattern: string): string {
  return pattern
    .split('/')
    .map((s) => (s.startsWith(':') ? 'p0123' : s === '*' ? 'w' : s))
    .join('/');
}

describe('the store API router', () => {
  it('holds only routes RegExpRouter accepts, and hono picks RegExpRouter for it', async () => {
    const { app, deps } = await testPlatform();
    const storeApi = app.storeApi();
    const routes = storeApi.routes as Route[];
    expect(routes.filter((r) => r.path.startsWith('/api/store/')).length).toBeGreaterThan(50);
    const regexp = new RegExpRouter<number>();
    for (const r of routes) regexp.add(r.method, r.path, 0);
    expect(() => regexp.match('GET', '/api/store/products')).not.toThrow();

    const store = await createTestStore(deps);
    const res = await request(app, 'GET', '/api/store/products', { host: store.host });
    expect(res.status).toBe(200);
    expect((storeApi.router as { name: string }).name).toBe('SmartRouter + RegExpRouter');
  });

  it('matches what the full app matches for every store API path, less the page-only pass-throughs', async () => {
    const { app } = await testPlatform();
    const storeApi = app.storeApi();
    const storeRoutes = storeApi.routes as Route[];
    const fullRoutes = app.routes as Route[];
    // Every route of the full app that could match a store path is in the store app, in the same order.
    const kept = new Set(storeRoutes.map((r) => r.handler));
    const dropped = fullRoutes.filter((r) => canMatchStoreApi(r.path) && !kept.has(r.handler));
    expect(dropped.map((r) => `${r.method} ${r.path}`)).toEqual(['ALL /*', 'ALL /*', 'ALL /*']);

    const probes = new Set<string>(['/api/store/no-such-thing', '/api/store/products/p0123/no/such/thing']);
    for (const r of storeRoutes) if (r.path.startsWith('/api/store/')) probes.add(concrete(r.path));
    const droppedHandlers = new Set(dropped.map((r) => r.handler));
    let compared = 0;
    for (const path of probes)
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        const full = matched(app as unknown as Matchable, method, path);
        const mine = matched(storeApi as unknown as Matchable, method, path);
        expect(full.filter((h) => droppedHandlers.has(h)).length, `${method} ${path}`).toBe(3);
        expect(mine, `${method} ${path}`).toEqual(full.filter((h) => !droppedHandlers.has(h)));
        compared++;
      }
    expect(compared).toBeGreaterThan(150);
  });

  it('answers store API requests as before: JSON, envelope, guards, 404s', async () => {
    const { app, deps } = await testPlatform();
    const store = await createTestStore(deps);
    const product = await createTestProduct(deps, store.tenant.id);
    const list = await request(app, 'GET', '/api/store/products', { host: store.host });
    expect(list.status).toBe(200);
    expect(list.headers.get('x-content-type-options')).toBe('nosniff');
    expect(list.headers.get('x-request-id')).toMatch(/./);
    expect(JSON.stringify(list.body)).toContain(product.handle);

    const missing = await request(app, 'GET', '/api/store/no-such-thing', { host: store.host });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');

    // The apex has no store API (onlyOn('store')), an unknown store host is store_not_found.
    const apex = await request(app, 'GET', '/api/store/products', { host: 'localhost:3000' });
    expect(apex.status).toBe(404);
    expect(apex.body.error.code).toBe('not_found');
    const unknown = await request(app, 'GET', '/api/store/products', { host: 'nobody-here.localhost:3000' });
    expect(unknown.body.error.code).toBe('store_not_found');

    // Bad input: the route's validator answers 400 with the envelope.
    const cart = await request(app, 'POST', '/api/store/carts', { host: store.host });
    expect(cart.status).toBe(201);
    const bad = await request(app, 'POST', `/api/store/carts/${cart.body.id}/items`, {
      host: store.host,
      headers: { 'content-type': 'application/json' },
      raw: '{"variantId":',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');

    // The input guard still refuses an escaped control character or lone surrogate in a JSON body
    // (its fast path skips parsing only a raw text with no backslash and nothing unsafe).
    for (const raw of ['{"variantId":"a\\u0000b","quantity":1}', '{"variantId":"\\udc00","quantity":1}']) {
      const res = await request(app, 'POST', `/api/store/carts/${cart.body.id}/items`, {
        host: store.host,
        headers: { 'content-type': 'application/json' },
        raw,
      });
      expect(res.status, raw).toBe(400);
      expect(res.body.error.code, raw).toBe('validation_failed');
      expect(res.body.error.issues[0].path, raw).toBe('body.variantId');
    }
    // A raw control character (no backslash) is malformed JSON: the validator's 400 invalid_json.
    const rawControl = await request(app, 'POST', `/api/store/carts/${cart.body.id}/items`, {
      host: store.host,
      headers: { 'content-type': 'application/json' },
      raw: '{"variantId":"a\u0001b","quantity":1}',
    });
    expect(rawControl.status).toBe(400);
    expect(rawControl.body.error.code).toBe('invalid_json');
  });
});
