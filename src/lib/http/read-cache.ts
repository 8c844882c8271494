/**
 * A per-process cache of public JSON answers (the storefront's catalog reads),
 * with ETag / If-None-Match → 304 for clients.
 *
 * Invalidation is by versioned scopes, not by key: every entry lists the
 * scopes it was derived from (always the store's `*`, plus e.g. one product's
 * stock) and remembers the logical clock when its load STARTED. A notice
 * (`bump`) stamps the scopes it names with a newer clock value, so every entry
 * that depends on one of them is stale at once — no key scan, no version
 * number in the key, and a load that raced a change is never trusted (it
 * started before the bump). Notices come from PostgreSQL (change-listener.ts):
 * while the listener is down the cache is not `live` and every read goes to
 * the database; when it is back everything is dropped (`resync`).
 * A bounded age (`maxAgeMs`) is only the last line of defence.
 *
 * Memory is bounded by what can still be served, not by what was ever read:
 * entries by count and by approximate bytes (`maxBytes`: twice the JSON's
 * length, for the string and the value it came from), and a sweep at most
 * every `sweepMs` drops entries past their age or made stale by a notice
 * (otherwise each would stay until its key was read again, so a process
 * grows with every key it ever served) and version stamps older than
 * `maxAgeMs` (every entry they could make stale is past its age by then; the
 * floor rises to the newest one dropped, so nothing older is trusted).
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { LRUCache } from 'lru-cache';

interface Entry {
  /** What the load returned (storefront pages render it; never mutated). */
  value: unknown;
  /** Its JSON and ETag, made when a JSON read loads it (page-only entries never need them). */
  json?: { body: string; etag: string };
  /** `<tenant>|<scope>` keys this answer depends on. */
  deps: string[];
  /** The clock when its load started. */
  clock: number;
  /** Approximate bytes held: twice the JSON's length. */
  size: number;
}

export interface ReadCacheOptions {
  maxEntries?: number;
  /** Bound on the entries' approximate bytes (64 MB by default). */
  maxBytes?: number;
  maxAgeMs?: number;
  /** How often (at most) expired and stale entries and old version stamps are dropped; 10 s by default. */
  sweepMs?: number;
  /** Whether notices can currently arrive (the listener is connected). */
  isLive: () => boolean;
  /** Milliseconds for ages (performance.now by default; tests move it). */
  now?: () => number;
}

/** The scope every entry of a store depends on: a notice without scopes bumps it. */
export const WHOLE_STORE = '*';
/** Bounds the version map; past it everything is dropped (cheaper than tracking evictions). */
const MAX_VERSIONS = 200_000;

export class ReadCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly versions = new Map<string, number>();
  private readonly loading = new Map<string, { entry: Promise<Entry>; clock: number }>();
  /** The clock of each store's latest notice: a load started before it is not shared with later readers. */
  private readonly tenantBumped = new Map<string, number>();
  private clock = 1;
  /** Loads started before the last resync (or the newest version stamp dropped) are never trusted. */
  private floor = 0;
  /** Version and store stamps in the order they were made, with when: the sweep drops the old ones. */
  private stamps: { key: string; tenantId: string; clock: number; at: number }[] = [];
  private readonly now: () => number;
  private lastSweep: number;
  hits = 0;
  misses = 0;

  constructor(private readonly opts: ReadCacheOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.lastSweep = this.now();
    this.entries = new LRUCache<string, Entry>({
      max: opts.maxEntries ?? 20_000,
      maxSize: opts.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (e) => e.size,
      ttl: this.maxAgeMs,
      perf: { now: this.now },
    });
  }

  private get maxAgeMs(): number {
    return this.opts.maxAgeMs ?? 60_000;
  }

  /** How many entries, version stamps, loads in flight and per-store notice clocks it holds. */
  get sizes(): { entries: number; bytes: number; versions: number; loading: number; tenants: number } {
    return {
      entries: this.entries.size,
      bytes: this.entries.calculatedSize,
      versions: this.versions.size,
      loading: this.loading.size,
      tenants: this.tenantBumped.size,
    };
  }

  get live(): boolean {
    return this.opts.isLive();
  }

  /** A change committed: entries of `tenantId` depending on any of `scopes` (all of them when none) go stale. */
  bump(tenantId: string, scopes: readonly string[] = [WHOLE_STORE]): void {
    this.sweepIfDue();
    if (this.versions.size > MAX_VERSIONS) this.resync();
    const now = ++this.clock;
    const at = this.now();
    for (const s of scopes) {
      const key = `${tenantId}|${s}`;
      this.versions.set(key, now);
      this.stamps.push({ key, tenantId, clock: now, at });
    }
    this.tenantBumped.set(tenantId, now);
  }

  private sweepIfDue(): void {
    const now = this.now();
    if (now - this.lastSweep < (this.opts.sweepMs ?? 10_000)) return;
    this.lastSweep = now;
    this.entries.purgeStale();
    const stale: string[] = [];
    for (const [k, e] of this.entries.entries()) if (!this.fresh(e)) stale.push(k);
    for (const k of stale) this.entries.delete(k);
    let dropped = 0;
    for (const s of this.stamps) {
      if (s.at > now - this.maxAgeMs) break;
      dropped++;
      if (this.versions.get(s.key) === s.clock) this.versions.delete(s.key);
      if (this.tenantBumped.get(s.tenantId) === s.clock) this.tenantBumped.delete(s.tenantId);
      this.floor = Math.max(this.floor, s.clock);
    }
    if (dropped) this.stamps = this.stamps.slice(dropped);
  }

  /** Forget everything (the notices may have been missed). */
  resync(): void {
    this.floor = ++this.clock;
    this.versions.clear();
    this.tenantBumped.clear();
    this.stamps = [];
    this.entries.clear();
    this.loading.clear();
  }

  /**
   * The cached answer for `key` as JSON with its ETag, or `load()`'s (one
   * load per key at a time however many requests miss together). `scopes`
   * names what the value was derived from besides the whole store.
   */
  async read(
    tenantId: string,
    key: string,
    load: () => Promise<unknown>,
    scopes: (value: unknown) => string[],
  ): Promise<{ body: string; etag: string; hit: boolean }> {
    const { entry, hit } = await this.entry(tenantId, key, load, scopes, true);
    const json = entry.json ?? jsonOf(entry.value);
    return { ...json, hit };
  }

  /**
   * The cached value for `key`, or `load()`'s — for server-rendered pages,
   * which render the value itself. Callers must not mutate it (it is shared).
   * Use keys of their own: a JSON read of the same key would serialise it.
   */
  async value<T>(
    tenantId: string,
    key: string,
    load: () => Promise<T>,
    scopes: (value: unknown) => string[],
  ): Promise<T> {
    return (await this.entry(tenantId, key, load, scopes, false)).entry.value as T;
  }

  private async entry(
    tenantId: string,
    key: string,
    load: () => Promise<unknown>,
    scopes: (value: unknown) => string[],
    asJson: boolean,
  ): Promise<{ entry: Entry; hit: boolean }> {
    this.sweepIfDue();
    const k = `${tenantId}|${key}`;
    const cached = this.entries.get(k);
    if (cached && this.fresh(cached)) {
      this.hits++;
      return { entry: cached, hit: true };
    }
    this.misses++;
    let pending = this.loading.get(k);
    // Join a load in flight only if it started after the store's latest notice.
    if (!pending || pending.clock < this.floor || (this.tenantBumped.get(tenantId) ?? 0) > pending.clock) {
      const clock = this.clock;
      const loaded = load().then((value) => {
        const deps = [WHOLE_STORE, ...scopes(value)].map((s) => `${tenantId}|${s}`);
        // JSON reads keep their body; page values are sized by what their JSON would be.
        const json = asJson ? jsonOf(value) : undefined;
        const size = 2 * (json?.body.length ?? jsonLength(value)) + 200;
        const entry: Entry = { value, json, deps, clock, size };
        if (this.live && this.fresh(entry)) this.entries.set(k, entry);
        return entry;
      });
      const p = { entry: loaded, clock };
      pending = p;
      this.loading.set(k, p);
      const forget = () => {
        if (this.loading.get(k) === p) this.loading.delete(k);
      };
      loaded.then(forget, forget);
    }
    return { entry: await pending.entry, hit: false };
  }

  private fresh(e: Entry): boolean {
    if (e.clock < this.floor) return false;
    for (const d of e.deps) if ((this.versions.get(d) ?? 0) > e.clock) return false;
    return true;
  }
}

/** A page value's JSON length (its size estimate); one that cannot be serialised counts as 8 KB. */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 8_192;
  }
}

function jsonOf(value: unknown): { body: string; etag: string } {
  const body = JSON.stringify(value);
  return { body, etag: etagOf(body) };
}

/** A strong ETag of a body (SHA-1, base64url: short and collision-safe for this use). */
export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether an If-None-Match header names this ETag (a list, weak forms and `*` included). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * A storefront page's catalog read: from the process's read cache when there
 * is one and it is live (same invalidation as the JSON reads), from `load()`
 * otherwise. The value is shared between requests: render it, never mutate it.
 */
export function cachedValue<T>(
  cache: ReadCache | undefined,
  opts: { tenantId: string; key: string; load: () => Promise<T>; scopes?: (value: unknown) => string[] },
): Promise<T> {
  if (!cache?.live) return opts.load();
  return cache.value(opts.tenantId, `page|${opts.key}`, opts.load, opts.scopes ?? (() => []));
}

/**
 * Answers a public JSON read from the process's read cache when there is one
 * and it is live, from `load()` otherwise; either way with an ETag, and 304
 * when the client already holds it. Clients must revalidate (no-cache): the
 * answer can change with the next order.
 */
export async function cachedJson(
  c: Context,
  cache: ReadCache | undefined,
  opts: {
    tenantId: string;
    key: string;
    load: () => Promise<unknown>;
    /** What the value depends on besides the whole store (e.g. one product's stock). */
    scopes?: (value: unknown) => string[];
  },
): Promise<Response> {
  let answer: { body: string; etag: string; hit: boolean | undefined };
  if (cache?.live) {
    answer = await cache.read(opts.tenantId, opts.key, opts.load, opts.scopes ?? (() => []));
  } else {
    const body = JSON.stringify(await opts.load());
    answer = { body, etag: etagOf(body), hit: undefined };
  }
  const headers: Record<string, string> = {
    ETag: answer.etag,
    'Cache-Control': 'no-cache',
    'X-Cache': answer.hit === undefined ? 'off' : answer.hit ? 'hit' : 'miss',
  };
  if (matchesEtag(c.req.header('if-none-match'), answer.etag)) return c.body(null, 304, headers);
  return c.body(answer.body, 200, { ...headers, 'Content-Type': 'application/json' });
}
