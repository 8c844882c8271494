/**
 * The Host → store cache (src/modules/tenancy/site.ts) across processes: two
 * real API processes (src/main.ts, notice listener on) on one database. B
 * keeps what a Host resolved to for minutes while its listener is live, so
 * a change made through A must reach B by migration 0410's notices: a store
 * suspended, its currency changed, a custom domain verified, a store created
 * under a handle B had cached as unknown — each visible through B within one
 * second of A's answer (the change is committed by then), although B had just
 * answered from its memory. (Without the triggers B would keep the old answer
 * for the long TTL.)
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, httpSend, scratchDatabase, startApi } from '../../bench/harness.js';
import { hashPassword } from '../../src/lib/auth/password.js';

const HANDLE = 'sitetwo';
const PASSWORD = 'correct horse battery';
let db: { url: string; drop: () => Promise<void> };
let owner: pg.Client;
let a: ApiProcess;
let b: ApiProcess;
let token = '';
let tenantId = '';
let productId = '';

const hostOf = (api: ApiProcess, name: string) => `${name}:${api.port}`;
const storeHost = (api: ApiProcess, handle = HANDLE) => hostOf(api, `${handle}.localhost`);

function signup(api: ApiProcess, handle: string) {
  return httpSend(`${api.url}/api/signup`, hostOf(api, 'localhost'), {
    method: 'POST',
    json: { email: `owner@${handle}.test`, password: PASSWORD, storeName: 'Site', handle },
  });
}

/** Asks `api` with `host` until `done` holds; answers how long it took after `since`. */
async function until(
  api: ApiProcess,
  host: string,
  path: string,
  done: (r: { status: number; body: string; headers: Record<string, unknown> }) => boolean,
  since: number,
): Promise<number> {
  for (;;) {
    const r = await httpSend(`${api.url}${path}`, host);
    if (done(r)) return Date.now() - since;
    if (Date.now() - since > 5_000)
      throw new Error(`not visible after 5 s: ${r.status} ${r.body.slice(0, 200)}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

const productOnB = () => httpSend(`${b.url}/api/store/products/${productId}`, storeHost(b));

beforeAll(async () => {
  db = await scratchDatabase('hostcache2p');
  owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  // B does not serve reads from memory (STORE_READ_CACHE=0): its Host cache still hears the notices.
  [a, b] = await Promise.all([startApi(db.url), startApi(db.url, { STORE_READ_CACHE: '0' })]);
  const s = await signup(a, HANDLE);
  expect(s.status, s.body).toBe(201);
  token = JSON.parse(s.body).accessToken;
  tenantId = (await owner.query('select id from tenants where handle = $1', [HANDLE])).rows[0].id;
  const created = await httpSend(`${a.url}/api/admin/products`, storeHost(a), {
    method: 'POST',
    json: { title: 'Linen Shirt', status: 'active', variants: [{ sku: 'LS-1', price: 1000, stock: 5 }] },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(created.status, created.body).toBe(201);
  productId = JSON.parse(created.body).id;
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await owner?.end();
  await db?.drop();
});

describe('Host → store cache on two API processes', () => {
  it('shows a currency changed through A in B within one second', async () => {
    expect(JSON.parse((await productOnB()).body).currency).toBe('USD');
    const patched = await httpSend(`${a.url}/api/admin/store/settings`, storeHost(a), {
      method: 'PATCH',
      json: { currency: 'EUR' },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(patched.status, patched.body).toBe(200);
    const since = Date.now();
    const ms = await until(
      b,
      storeHost(b),
      `/api/store/products/${productId}`,
      (r) => r.status === 200 && JSON.parse(r.body).currency === 'EUR',
      since,
    );
    expect(ms).toBeLessThan(1_000);
  });

  it('serves a custom domain verified through A from B within one second, and redirects the subdomain', async () => {
    const domain = 'shop.sitetwo.example.test';
    await owner.query(`update tenants set plan = 'developer' where id = $1`, [tenantId]);
    // B caches the domain as unknown and the subdomain without a domain.
    expect((await httpSend(`${b.url}/`, hostOf(b, domain))).status).toBe(404);
    expect((await httpSend(`${b.url}/`, storeHost(b))).status).toBe(200);
    const added = await httpSend(`${a.url}/api/admin/domain`, storeHost(a), {
      method: 'POST',
      json: { domain },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(added.status, added.body).toBeLessThan(300);
    const since = Date.now();
    // The DNS check's verdict (no DNS here): what verifyStoreDomain writes on success.
    await owner.query('update custom_domains set verified_at = now() where domain = $1', [domain]);
    const served = await until(b, hostOf(b, domain), '/', (r) => r.status === 200, since);
    const redirected = await until(
      b,
      storeHost(b),
      '/',
      (r) => r.status === 301 && String(r.headers.location).startsWith(`http://${domain}:${b.port}/`),
      since,
    );
    expect(served).toBeLessThan(1_000);
    expect(redirected).toBeLessThan(1_000);
  });

  it('shows a store suspended through A as unavailable in B within one second', async () => {
    const hash = await hashPassword(PASSWORD);
    await owner.query(
      `insert into users (email, password_hash, is_platform_admin, email_verified_at, updated_at)
       values ('root@sitetwo.test', $1, true, now(), now())`,
      [hash],
    );
    const login = await httpSend(`${a.url}/api/auth/login`, hostOf(a, 'localhost'), {
      method: 'POST',
      json: { email: 'root@sitetwo.test', password: PASSWORD },
    });
    expect(login.status, login.body).toBe(200);
    const adminToken = JSON.parse(login.body).accessToken as string;
    expect((await productOnB()).status).toBe(200);
    const s = await httpSend(`${a.url}/api/console/tenants/${tenantId}/suspend`, hostOf(a, 'localhost'), {
      method: 'POST',
      json: { reason: 'Fraud investigation' },
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(s.status, s.body).toBe(200);
    const since = Date.now();
    const ms = await until(
      b,
      storeHost(b),
      `/api/store/products/${productId}`,
      (r) => r.status === 503,
      since,
    );
    expect(ms).toBeLessThan(1_000);
  });

  it('resolves a store created through A under a handle B had cached as unknown within one second', async () => {
    const handle = 'sitelater';
    expect((await httpSend(`${b.url}/api/store/products`, storeHost(b, handle))).status).toBe(404);
    expect((await httpSend(`${b.url}/api/store/products`, storeHost(b, handle))).status).toBe(404);
    const s = await signup(a, handle);
    expect(s.status, s.body).toBe(201);
    const since = Date.now();
    const ms = await until(b, storeHost(b, handle), '/api/store/products', (r) => r.status === 200, since);
    expect(ms).toBeLessThan(1_000);
  });
});
