/**
 * The store chrome cache (src/modules/stores/chrome-cache.ts) across
 * processes: two real API processes (src/main.ts, notice listener on) on one
 * database. B keeps a store's chrome (theme, navigation, footer pages,
 * tagline, name) for minutes while its listener is live, so a change made
 * through A — or straight in the database — must reach B by migration 0450's
 * (settings, pages) and 0410's (name) notices: each visible on B's storefront
 * within one second, although B had rendered the old chrome just before.
 * (With the former 2-second cache B would show the old chrome for up to two
 * seconds; without the triggers, for the long TTL.)
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, httpSend, scratchDatabase, startApi } from '../../bench/harness.js';

const HANDLE = 'chrometwo';
let db: { url: string; drop: () => Promise<void> };
let owner: pg.Client;
let a: ApiProcess;
let b: ApiProcess;
let token = '';
let tenantId = '';

const hostOf = (api: ApiProcess, name: string) => `${name}:${api.port}`;
const storeHost = (api: ApiProcess) => hostOf(api, `${HANDLE}.localhost`);
const homeOnB = () => httpSend(`${b.url}/`, storeHost(b));

function admin(method: string, path: string, json: unknown) {
  return httpSend(`${a.url}${path}`, storeHost(a), {
    method,
    json,
    headers: { authorization: `Bearer ${token}` },
  });
}

/** B's home page until it contains `text`; how long after `since` that took. */
async function untilOnB(text: string, since: number): Promise<number> {
  for (;;) {
    const r = await homeOnB();
    if (r.status === 200 && r.body.includes(text)) return Date.now() - since;
    if (Date.now() - since > 5_000) throw new Error(`"${text}" not on B after 5 s (${r.status})`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

/** B renders its chrome now (so it holds a fresh entry), without `text`. */
async function bHoldsChromeWithout(text: string): Promise<void> {
  const r = await homeOnB();
  expect(r.status).toBe(200);
  expect(r.body).not.toContain(text);
}

beforeAll(async () => {
  db = await scratchDatabase('chromecache2p');
  owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  // B does not serve reads from memory (STORE_READ_CACHE=0): its chrome cache still hears the notices.
  [a, b] = await Promise.all([startApi(db.url), startApi(db.url, { STORE_READ_CACHE: '0' })]);
  const s = await httpSend(`${a.url}/api/signup`, hostOf(a, 'localhost'), {
    method: 'POST',
    json: {
      email: `owner@${HANDLE}.test`,
      password: 'correct horse battery',
      storeName: 'Chrome',
      handle: HANDLE,
    },
  });
  expect(s.status, s.body).toBe(201);
  token = JSON.parse(s.body).accessToken;
  tenantId = (await owner.query('select id from tenants where handle = $1', [HANDLE])).rows[0].id;
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await owner?.end();
  await db?.drop();
});

describe('store chrome cache on two API processes', () => {
  it('shows a theme colour changed through A on B within one second', async () => {
    await bHoldsChromeWithout('#13579b');
    const r = await admin('PATCH', '/api/admin/store/settings', {
      theme: { colors: { primary: '#13579b' } },
    });
    expect(r.status, r.body).toBe(200);
    expect(await untilOnB('#13579b', Date.now())).toBeLessThan(1_000);
  });

  it('shows a store renamed through A on B within one second', async () => {
    await bHoldsChromeWithout('Renamed Chrome Shop');
    const r = await admin('PATCH', '/api/admin/store/settings', { name: 'Renamed Chrome Shop' });
    expect(r.status, r.body).toBe(200);
    expect(await untilOnB('Renamed Chrome Shop', Date.now())).toBeLessThan(1_000);
  });

  it('shows a content page published through A in B’s footer within one second', async () => {
    await bHoldsChromeWithout('Shipping Promise');
    const r = await admin('POST', '/api/admin/store/pages', {
      slug: 'shipping-promise',
      title: 'Shipping Promise',
      body: 'We ship in two days.',
    });
    expect(r.status, r.body).toBe(201);
    expect(await untilOnB('Shipping Promise', Date.now())).toBeLessThan(1_000);
  });

  it('shows a tagline written straight to the database on B within one second', async () => {
    await bHoldsChromeWithout('Hand-made since 1999');
    await owner.query(`update store_settings set tagline = 'Hand-made since 1999' where tenant_id = $1`, [
      tenantId,
    ]);
    expect(await untilOnB('Hand-made since 1999', Date.now())).toBeLessThan(1_000);
  });
});
