/**
 * The read cache's bookkeeping (src/lib/http/read-cache.ts) and the catalog
 * notices that drive it (src/modules/catalog/store-cache.ts): which notice
 * makes which answer stale, loads that race a notice, the listener being
 * down, and If-None-Match matching. The cross-process behaviour is proved in
 * read-cache-processes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { matchesEtag, ReadCache } from '../../src/lib/http/read-cache.js';
import { listScopes, parseCatalogNotice, productScopes } from '../../src/modules/catalog/store-cache.js';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const P1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const P2 = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

function setup(live = () => true) {
  const cache = new ReadCache({ isLive: live });
  let loads = 0;
  const read = (tenant: string, key: string, value: unknown, scopes: (v: unknown) => string[]) =>
    cache.read(
      tenant,
      key,
      async () => {
        loads++;
        return value;
      },
      scopes,
    );
  const notice = (payload: string) => {
    const n = parseCatalogNotice(payload);
    if (n) cache.bump(n.tenantId, n.scopes);
  };
  return { cache, read, notice, loads: () => loads };
}

describe('read cache', () => {
  it('serves a second read from memory with the same ETag', async () => {
    const { read, loads } = setup();
    const first = await read(T1, 'k', { id: P1, price: 1 }, productScopes);
    const second = await read(T1, 'k', { id: P1, price: 2 }, productScopes);
    expect([first.hit, second.hit]).toEqual([false, true]);
    expect(second.body).toBe(first.body);
    expect(second.etag).toBe(first.etag);
    expect(loads()).toBe(1);
  });

  it('a catalog notice makes every answer of that store stale and no other store’s', async () => {
    const { read, notice } = setup();
    await read(T1, 'p', { id: P1 }, productScopes);
    await read(T1, 'l', { items: [] }, listScopes);
    await read(T2, 'p', { id: P1 }, productScopes);
    notice(T1);
    expect((await read(T1, 'p', { id: P1 }, productScopes)).hit).toBe(false);
    expect((await read(T1, 'l', { items: [] }, listScopes)).hit).toBe(false);
    expect((await read(T2, 'p', { id: P1 }, productScopes)).hit).toBe(true);
  });

  it('a stock notice makes that product and the store’s lists stale, not other products', async () => {
    const { read, notice } = setup();
    await read(T1, 'p1', { id: P1 }, productScopes);
    await read(T1, 'p2', { id: P2 }, productScopes);
    await read(T1, 'l', { items: [] }, listScopes);
    notice(`${T1} ${P1}`);
    expect((await read(T1, 'p1', { id: P1 }, productScopes)).hit).toBe(false);
    expect((await read(T1, 'l', { items: [] }, listScopes)).hit).toBe(false);
    expect((await read(T1, 'p2', { id: P2 }, productScopes)).hit).toBe(true);
  });

  it('never keeps a load that started before a notice, nor lets later readers share it', async () => {
    const { cache } = setup();
    let release: (v: unknown) => void = () => {};
    const slow = cache.read(T1, 'k', () => new Promise((r) => (release = r)), productScopes);
    cache.bump(T1);
    // A reader after the notice does not join the load in flight: it loads anew.
    const after = cache.read(T1, 'k', async () => ({ id: P1, v: 'new' }), productScopes);
    release({ id: P1, v: 'old' });
    expect(JSON.parse((await slow).body).v).toBe('old');
    expect(JSON.parse((await after).body).v).toBe('new');
    const next = await cache.read(T1, 'k', async () => ({ id: P1, v: 'third' }), productScopes);
    expect(next.hit).toBe(true);
    expect(JSON.parse(next.body).v).toBe('new');
  });

  it('shares one load between readers that miss together', async () => {
    const { read, loads } = setup();
    await Promise.all([1, 2, 3].map(() => read(T1, 'k', { id: P1 }, productScopes)));
    expect(loads()).toBe(1);
  });

  it('keeps nothing while notices cannot arrive, and forgets everything on resync', async () => {
    let live = false;
    const { cache, read } = setup(() => live);
    await read(T1, 'k', { id: P1 }, productScopes);
    expect((await read(T1, 'k', { id: P1 }, productScopes)).hit).toBe(false);
    live = true;
    await read(T1, 'k', { id: P1 }, productScopes);
    expect((await read(T1, 'k', { id: P1 }, productScopes)).hit).toBe(true);
    cache.resync();
    expect((await read(T1, 'k', { id: P1 }, productScopes)).hit).toBe(false);
  });

  it('ignores malformed notices', () => {
    expect(parseCatalogNotice('not-a-uuid')).toBeUndefined();
    expect(parseCatalogNotice(`${T1} nope`)).toBeUndefined();
    expect(parseCatalogNotice(`${T1} ${P1} extra`)).toBeUndefined();
    expect(parseCatalogNotice(T1)).toEqual({ tenantId: T1 });
    expect(parseCatalogNotice(`${T1} ${P1}`)).toEqual({ tenantId: T1, scopes: ['stock', `stock:${P1}`] });
  });

  it('matches If-None-Match lists, weak forms and *', () => {
    expect(matchesEtag('"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('W/"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('"x", "abc"', '"abc"')).toBe(true);
    expect(matchesEtag('*', '"abc"')).toBe(true);
    expect(matchesEtag('"abd"', '"abc"')).toBe(false);
    expect(matchesEtag(undefined, '"abc"')).toBe(false);
  });
});
