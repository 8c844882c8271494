/**
 * The per-process cache of store chrome (what every storefront page's layout
 * shows; built by loadStoreChrome in ./service.ts), by tenant id: an LRU
 * bounded to MAX_ENTRIES stores on the injected clock.
 *
 * While a notice listener is attached and live (attachChromeNotices, wired
 * by src/boot.ts next to the Host → store cache's), an entry stays fresh for
 * LIVE_TTL_MS: migration 0450's triggers announce every change to the
 * settings and page links it holds ("chrome <tenant id>"), migration 0410's
 * every change to the store's name, handle and currency ("site <tenant id>
 * …"), and noteChromeNotice drops that store's entry in every process; a
 * resync clears it. Otherwise — no listener, or it is down — an entry is
 * fresh for TTL_MS only. `forgetStoreChrome` drops an entry at once in this
 * process (the admin's own writes, before the notice arrives).
 */
import { LRUCache } from 'lru-cache';
import type { StoreChrome } from './chrome.js';

const TTL_MS = 2_000;
/** A safety net only: with the listener live, notices make entries stale. */
const LIVE_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  at: number;
  chrome: StoreChrome;
  /** No drop arrived while it was read (it may hold a row from before a change): it may live LIVE_TTL_MS. */
  canLiveLong: boolean;
}

const cache = new LRUCache<string, Entry>({ max: MAX_ENTRIES });
let listenerLive: (() => boolean) | undefined;
/** Counts drops of any store, so a read that overlapped one is kept TTL_MS only. */
let drops = 0;

const CHROME_NOTICE = 'chrome ';
const SITE_NOTICE = 'site ';

/** Drops one store's chrome (or every store's) in this process. */
export function forgetStoreChrome(tenantId?: string): void {
  drops++;
  if (tenantId) cache.delete(tenantId);
  else cache.clear();
}

/**
 * Wires the liveness of the process's notice listener (src/boot.ts); without
 * it (or `undefined`) entries live TTL_MS. Clears the cache.
 */
export function attachChromeNotices(isLive: (() => boolean) | undefined): void {
  listenerLive = isLive;
  forgetStoreChrome();
}

/** The listener (re)started listening: anything may have changed unseen. */
export function resyncChrome(): void {
  forgetStoreChrome();
}

/**
 * Hears a notice on the catalog channel: "chrome <tenant id>" (migration
 * 0450) and "site <tenant id> …" (0410: name, handle, currency, status) drop
 * that store's chrome, "site *" all of it. Answers true only for a chrome
 * notice, which no other handler needs; a site notice is left to the Host
 * cache too.
 */
export function noteChromeNotice(payload: string): boolean {
  const chrome = payload.startsWith(CHROME_NOTICE);
  if (!chrome && !payload.startsWith(SITE_NOTICE)) return false;
  const tenantId = payload.slice(chrome ? CHROME_NOTICE.length : SITE_NOTICE.length).split(' ')[0];
  forgetStoreChrome(tenantId && tenantId !== '*' ? tenantId : undefined);
  return chrome;
}

/** The cached chrome of a store, when fresh at `now`. */
export function cachedChrome(tenantId: string, now: number): StoreChrome | undefined {
  const e = cache.get(tenantId);
  if (!e) return undefined;
  const ttl = e.canLiveLong && listenerLive?.() === true ? LIVE_TTL_MS : TTL_MS;
  return now - e.at < ttl ? e.chrome : undefined;
}

/**
 * Reads a store's chrome with `load` and keeps it; an entry whose read
 * overlapped a drop lives TTL_MS only (it may hold what the drop replaced).
 */
export async function rememberChrome(
  tenantId: string,
  now: number,
  load: () => Promise<StoreChrome>,
): Promise<StoreChrome> {
  const seen = drops;
  const chrome = await load();
  cache.set(tenantId, { at: now, chrome, canLiveLong: drops === seen });
  return chrome;
}
