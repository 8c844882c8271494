/**
 * Runs every module's isolation cases (see tests/support/isolation.ts) and
 * checks that every admin and shopper-only route in the OpenAPI document has one.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addMember, createTestCustomer, createTestStore } from '../support/factories.js';
import type { IsolationCase } from '../support/isolation.js';
import { request, testPlatform } from '../support/platform.js';

const testsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function findCaseFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return findCaseFiles(full);
    return name === 'isolation-cases.ts' ? [full] : [];
  });
}

const cases: IsolationCase[] = [];
for (const file of findCaseFiles(testsDir)) {
  const mod = (await import(pathToFileURL(file).href)) as { default: IsolationCase[] };
  cases.push(...mod.default);
}

/** Shopper-only store routes: those the OpenAPI document marks with bearer security under /api/store. */
function protectedRoutes(doc: { paths: Record<string, Record<string, { security?: unknown[] }>> }): string[] {
  const out: string[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const isAdmin = p.startsWith('/api/admin/');
      const isShopperOnly =
        p.startsWith('/api/store/') && Array.isArray(op.security) && op.security.length > 0;
      if (isAdmin || isShopperOnly) out.push(`${method.toUpperCase()} ${p}`);
    }
  }
  return out.sort();
}

describe('route isolation coverage', () => {
  it('has an isolation case for every admin and shopper-only route', async () => {
    const { app } = await testPlatform();
    const doc = (await request(app, 'GET', '/api/openapi.json')).body;
    const covered = new Set(cases.map((c) => c.route));
    const missing = protectedRoutes(doc).filter((r) => !covered.has(r));
    expect(missing).toEqual([]);
  });
});

const ROLES: MembershipRoleList = ['staff', 'admin', 'owner'];
type MembershipRoleList = ('staff' | 'admin' | 'owner')[];

describe.each(cases.filter((c) => c.surface === 'storefront').map((c) => [c.route, c] as const))(
  '%s (storefront)',
  (_route, c) => {
    const method = c.route.split(' ')[0]!;
    it("answers its own store's resource, and 404 for another store's", async () => {
      const p = await testPlatform();
      const a = await createTestStore(p.deps);
      const b = await createTestStore(p.deps);
      const path = await c.path(p, a);
      const headers = await c.headers?.(p, a);
      const own = await request(p.app, method, path, { host: a.host, headers, body: await c.body?.(p, a) });
      expect(own.status).toBe(200);
      const foreign = await request(p.app, method, path, {
        host: b.host,
        headers,
        body: await c.body?.(p, b),
      });
      expect(foreign.status).toBe(404);
    });
  },
);

describe.each(cases.filter((c) => c.surface !== 'storefront').map((c) => [c.route, c] as const))(
  '%s',
  (_route, c) => {
    const method = c.route.split(' ')[0]!;

    it('answers 401 without a token', async () => {
      const p = await testPlatform();
      const store = await createTestStore(p.deps);
      const res = await request(p.app, method, await c.path(p, store), {
        host: store.host,
        body: await c.body?.(p, store),
      });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    });

    if (c.surface === 'admin') {
      it('answers 404 to a member of another store', async () => {
        const p = await testPlatform();
        const store = await createTestStore(p.deps);
        const other = await createTestStore(p.deps);
        const res = await request(p.app, method, await c.path(p, store), {
          host: store.host,
          token: other.owner.token,
          body: await c.body?.(p, store),
        });
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      });

      const below = ROLES.slice(0, ROLES.indexOf(c.minRole ?? 'staff'));
      for (const role of below) {
        it(`answers 403 to ${role}`, async () => {
          const p = await testPlatform();
          const store = await createTestStore(p.deps);
          const member = await addMember(p.deps, store.tenant.id, role);
          const res = await request(p.app, method, await c.path(p, store), {
            host: store.host,
            token: member.token,
            body: await c.body?.(p, store),
          });
          expect(res.status).toBe(403);
          expect(res.body.error.code).toBe('forbidden');
        });
      }

      if (c.resource) {
        it("answers 404 for another store's resource", async () => {
          const p = await testPlatform();
          const a = await createTestStore(p.deps);
          const b = await createTestStore(p.deps);
          const foreignPath = await c.path(p, a);
          const res = await request(p.app, method, foreignPath, {
            host: b.host,
            token: b.owner.token,
            body: await c.body?.(p, b),
          });
          expect(res.status).toBe(404);
          expect(res.body.error.code).toBe('not_found');
        });
      }
    } else {
      it("rejects another store's shopper token", async () => {
        const p = await testPlatform();
        const store = await createTestStore(p.deps);
        const other = await createTestStore(p.deps);
        const foreign = await createTestCustomer(p.deps, other.tenant.id);
        const res = await request(p.app, method, await c.path(p, store), {
          host: store.host,
          token: foreign.token,
          body: await c.body?.(p, store),
        });
        expect(res.status).toBe(401);
      });
    }
  },
);
