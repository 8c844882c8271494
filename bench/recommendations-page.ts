/**
 * The recommendations bench's product page part (bench/recommendations.ts runs it): in-process requests
 * with and without the recommendation rows (the storefront kill switch RECOMMENDATIONS_STOREFRONT=off)
 * in ABAB rounds; the ratio of the pooled medians with its bootstrap interval over rounds
 * (paired-ratio.ts), each round's ratio of medians, and the server time of the rows' work on the page (composing the lists; a product read's round trip that carried the serving state's read).
 * A page whose lists were cold answers with a placeholder: like a browser, the bench then asks for the
 * rows fragment it names, as a request of its own (timed apart from the page, its CPU and statements
 * counted apart from the page's).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import type { Deps } from '../src/lib/http/context.js';
import { ReadCache } from '../src/lib/http/read-cache.js';
import { type ServeCache, serveCacheFor } from '../src/modules/recommendations/serve-cache.js';
import { describeRatio, pairedRatio, type Round } from './paired-ratio.js';
import { log } from './pricing.js';
import { median } from './scale-table.js';

const SAMPLES = Number(process.env.BENCH_RECS_SAMPLES ?? 400);
/**
 * Rounds of the product page's on/off comparison (each round: a block with, a block without, order
 * alternating): blocks of 25 pages by default, as many rounds as the samples make (at least 8).
 */
const ROUNDS = Number(process.env.BENCH_RECS_ROUNDS ?? Math.max(8, Math.round(SAMPLES / 50)));

export const loadAverage = () => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
};

export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/**
 * Server time of the page's recommendation work, timed on the page's own serving cache (the bench wraps
 * its methods; nothing else changes): `lists` = composing the rows (productPageListsByRefHeld while the
 * product read is in flight, productPageListsHeld at once, or productPageLists after the product read; a page whose held lists were stale times both), `merged` = a first view's round trip that carried the rows' reads with the product read (from
 * productPageReads to its `take`), `mergedStatements` = statements that rode in it.
 */
function timePageServing(cache: ServeCache) {
  const t = { on: false, lists: [] as number[], merged: [] as number[], mergedStatements: 0 };
  const lists = cache.productPageLists.bind(cache);
  const held = cache.productPageListsHeld.bind(cache);
  const heldByRef = cache.productPageListsByRefHeld.bind(cache);
  const reads = cache.productPageReads.bind(cache);
  /** `fn`, its time in `t.lists` (composing at once). */
  const timedNow =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      const t0 = performance.now();
      try {
        return fn(...args);
      } finally {
        if (t.on) t.lists.push(performance.now() - t0);
      }
    };
  cache.productPageListsHeld = timedNow(held);
  cache.productPageListsByRefHeld = timedNow(heldByRef);
  cache.productPageLists = async (...args) => {
    const t0 = performance.now();
    try {
      return await lists(...args);
    } finally {
      if (t.on) t.lists.push(performance.now() - t0);
    }
  };
  cache.productPageReads = (...args) => {
    const pending = reads(...args);
    if (!pending) return pending;
    const t0 = performance.now();
    let sent = 0;
    return {
      queries: (trx) => {
        const q = pending.queries(trx);
        sent = q.length;
        return q;
      },
      take: (rows) => {
        pending.take(rows);
        if (!t.on) return;
        t.merged.push(performance.now() - t0);
        t.mergedStatements += sent;
      },
    };
  };
  return t;
}

/**
 * BENCH_CPU_PROF=dir: after the rounds, `n` more pages in alternating blocks with and without the rows,
 * under one V8 CPU profile (<dir>/page-<label>.cpuprofile) with the blocks' bounds beside it
 * (<dir>/page-<label>.blocks.json: [start µs, end µs, mode], on the profile's clock; each block with the rows
 * is followed by its fragments' own [start, end, 'fragment'], which lie inside it), so samples can be
 * split by mode with both modes spread over the same stretch of a shared machine.
 */
async function profileBlocks(
  label: string,
  shoppers: Shoppers,
  hit: (i: number, blocks: [number, number, string][]) => Promise<void>,
  from: number,
  n = Number(process.env.BENCH_CPU_PROF_PAGES ?? 4000),
) {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const blocks: [number, number, string][] = [];
  const size = 50;
  await session.post('Profiler.start');
  for (let b = 0; b * size < n; b++) {
    const mode = b % 4 === 0 || b % 4 === 3 ? 'on' : 'off';
    process.env.RECOMMENDATIONS_STOREFRONT = mode;
    const t0 = micros();
    const fragments: [number, number, string][] = [];
    for (let i = 0; i < size; i++) await hit(from + b * size + i, fragments);
    blocks.push([t0, micros(), mode], ...fragments);
  }
  const { profile } = await session.post('Profiler.stop');
  delete process.env.RECOMMENDATIONS_STOREFRONT;
  session.disconnect();
  const file = `${dir}/page-${label.split(' ')[0]}-${shoppers}`;
  writeFileSync(`${file}.cpuprofile`, JSON.stringify(profile));
  writeFileSync(`${file}.blocks.json`, JSON.stringify(blocks));
  log(`    profile: ${n} pages in ABBA blocks of ${size} → ${file}.cpuprofile`);
}

interface AllocNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: AllocNode[];
}

/**
 * BENCH_ALLOC_PROF=dir: after the rounds, `n` more pages (half with the rows, half without, in alternating
 * blocks of 25) under V8's sampling heap profiler, which counts what each function allocates — garbage
 * included — whatever the machine's load: bytes allocated per page by mode, and the functions whose
 * allocation differs most (<dir>/alloc-<label>.txt). Only the page's own request is sampled; a cold
 * page's fragment runs outside the sampling.
 */
async function allocationBlocks(
  label: string,
  shoppers: Shoppers,
  hit: (i: number) => Promise<void>,
  follow: () => Promise<void>,
  from: number,
  n = Number(process.env.BENCH_ALLOC_PROF_PAGES ?? 400),
) {
  const dir = process.env.BENCH_ALLOC_PROF;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  const bytes = { on: new Map<string, number>(), off: new Map<string, number>() };
  const pages = { on: 0, off: 0 };
  /** What the rows fragments allocated (sampled the same way), and how many there were. */
  const fragmentBytes = new Map<string, number>();
  let fragments = 0;
  const add = (into: Map<string, number>, node: AllocNode) => {
    const f = node.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.replace(/.*node_modules\//, '').replace(/.*\/src\//, 'src/')}:${f.lineNumber + 1}`;
    into.set(key, (into.get(key) ?? 0) + node.selfSize);
    for (const c of node.children) add(into, c);
  };
  for (let i = 0; i < n; i++) {
    const mode = Math.floor(i / 25) % 2 === 0 ? 'on' : 'off';
    process.env.RECOMMENDATIONS_STOREFRONT = mode;
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
    await hit(from + i);
    const { profile } = await session.post('HeapProfiler.stopSampling');
    add(bytes[mode], profile.head as unknown as AllocNode);
    pages[mode]++;
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
    await follow();
    const sampled = await session.post('HeapProfiler.stopSampling');
    const into = new Map<string, number>();
    add(into, sampled.profile.head as unknown as AllocNode);
    // A page that asked for no fragment allocates next to nothing here (the slot's regex).
    if ([...into.values()].reduce((a, b) => a + b, 0) > 8192) fragments++;
    for (const [k, v] of into) fragmentBytes.set(k, (fragmentBytes.get(k) ?? 0) + v);
  }
  delete process.env.RECOMMENDATIONS_STOREFRONT;
  session.disconnect();
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const perPage = (mode: 'on' | 'off', b: number) => b / pages[mode] / 1024;
  const keys = new Set([...bytes.on.keys(), ...bytes.off.keys()]);
  const rows = [...keys]
    .map((k) => [k, perPage('on', bytes.on.get(k) ?? 0), perPage('off', bytes.off.get(k) ?? 0)] as const)
    .sort((a, b) => Math.abs(b[1] - b[2]) - Math.abs(a[1] - a[2]));
  const head = `allocated per page (kB, sampled every 1 kB, garbage included): ${perPage('on', total(bytes.on)).toFixed(1)} with, ${perPage('off', total(bytes.off)).toFixed(1)} without (${pages.on} / ${pages.off} pages)`;
  const file = `${dir}/alloc-${label.split(' ')[0]}-${shoppers}.txt`;
  writeFileSync(
    file,
    `${head}\n${rows
      .slice(0, 60)
      .map(([k, on, off]) => `${(on - off).toFixed(2)}\t${on.toFixed(2)}\t${off.toFixed(2)}\t${k}`)
      .join('\n')}\n`,
  );
  const fragmentTotal = [...fragmentBytes.values()].reduce((a, b) => a + b, 0);
  const fragmentTop = [...fragmentBytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 40)
    .map(([k, v]) => `${(v / Math.max(1, fragments) / 1024).toFixed(2)}\t${k}`);
  writeFileSync(
    `${dir}/alloc-${label.split(' ')[0]}-${shoppers}-fragments.txt`,
    `allocated per rows fragment (kB): ${(fragmentTotal / Math.max(1, fragments) / 1024).toFixed(1)} (${fragments} fragments)\n${fragmentTop.join('\n')}\n`,
  );
  log(
    `    ${head}; per rows fragment ${(fragmentTotal / Math.max(1, fragments) / 1024).toFixed(1)} kB (${fragments}) → ${file}`,
  );
}

/** Pages `profileBlocks` and `allocationBlocks` view after the rounds (products a later part must not view again). */
const cpuProfiledPages = () =>
  process.env.BENCH_CPU_PROF ? Number(process.env.BENCH_CPU_PROF_PAGES ?? 4000) : 0;

export const profiledPages = () =>
  cpuProfiledPages() + (process.env.BENCH_ALLOC_PROF ? Number(process.env.BENCH_ALLOC_PROF_PAGES ?? 400) : 0);

/**
 * BENCH_RECS_READ_CACHE=1: the app gets a read cache, as an API process has (boot.ts, with its change
 * listener; the bench's platform has none, so every page and every rows fragment reads its product from
 * PostgreSQL). Trusted as live: nothing in the catalog changes during these parts.
 */
function withReadCache(deps: Deps): Deps {
  if (process.env.BENCH_RECS_READ_CACHE !== '1') return deps;
  return { ...deps, readCache: new ReadCache({ isLive: () => true }) };
}

/** Now on the CPU profile's clock (µs). */
const micros = () => Number(process.hrtime.bigint() / 1000n);

const fixed = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(' ');

/**
 * Who views the pages: `new` — every view a new anonymous shopper (no cookie: each view with the rows
 * answers with a new recommendation session cookie); `returning` — RETURNING shoppers taking turns, each
 * sending back the cookies its earlier views were given (as a browser does).
 */
export type Shoppers = 'new' | 'returning';
const RETURNING = Number(process.env.BENCH_RECS_RETURNING ?? 50);
/**
 * BENCH_RECS_FOLLOW=0: the bench does not ask for the rows fragments (a diagnostic: what the pages cost
 * without the fragments' work — and its garbage — interleaved between them; not what a browser does).
 */
const FOLLOW = process.env.BENCH_RECS_FOLLOW !== '0';

/** The Cookie header each returning shopper sends (what its views' Set-Cookie gave it). */
function cookieJars(n: number) {
  const jars = Array.from({ length: n }, () => new Map<string, string>());
  return {
    header: (i: number) => [...jars[i % n]!].map(([k, v]) => `${k}=${v}`).join('; '),
    keep(i: number, res: Response) {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const at = pair!.indexOf('=');
        if (at > 0) jars[i % n]!.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    },
  };
}

export async function productPage(
  deps: Deps,
  handle: string,
  handles: string[],
  label: string,
  pickAt: (i: number) => number,
  opts: {
    /** Requests before measuring (recommendations on): a running store's hot products are in the cache. */
    warmUp?: number;
    shoppers?: Shoppers;
    /**
     * Each block of a round views its own products (`pickAt` of its own indices), so neither mode views
     * what the other just did: "every product new" means new to both (with one sequence for both, the
     * round's second block re-viewed the first one's products, warm in PostgreSQL, and was faster
     * whichever mode it was).
     */
    ownProducts?: boolean;
    /** A store's id: after the warm-up, wait for this process's read of its lists whole (serve-warm.ts). */
    awaitStoreRead?: string;
  } = {},
) {
  const { warmUp = 50, shoppers = 'new', ownProducts = false } = opts;
  const app = createApp(withReadCache(deps));
  const host = `${handle}.localhost:3000`;
  const jars = cookieJars(RETURNING);
  let views = 0;
  /** The last page's HTML length (characters): the rows' weight on the wire, load-independent. */
  let lastChars = 0;
  let lastHtml = '';
  const hit = async (i: number) => {
    const shopper = views++;
    const cookie = shoppers === 'returning' ? jars.header(shopper) : '';
    const res = await app.request(`/products/${handles[pickAt(i)]}`, {
      headers: cookie ? { host, cookie } : { host },
    });
    if (res.status !== 200) throw new Error(`product page answered ${res.status}`);
    if (shoppers === 'returning') jars.keep(shopper, res);
    lastHtml = await res.text();
    lastChars = lastHtml.length;
    lastCookie = cookie;
  };
  let lastCookie = '';
  /** Server times of the rows fragments the browser asked for after a cold page (rows on). */
  const fragments: number[] = [];
  /** The bench process's CPU time (µs) in those fragments: apart from the pages' own. */
  let fragmentCpu = 0;
  /** …and the recommendation statements they sent. */
  let fragmentStatements = 0;
  const stats = serveCacheFor(deps.db).stats;
  /** The page's serving timers (set below): off while a fragment composes, which is not the page's work. */
  let timed: ReturnType<typeof timePageServing> | undefined;
  /**
   * What the shopper's browser does next: a page that left its rows to the fragment (cold lists) is
   * followed by the fragment's request (timed on its own; not part of the page's time).
   */
  const follow = async () => {
    const src = /id="rec-product-slot"[^>]*data-src="([^"]+)"/.exec(lastHtml)?.[1];
    if (!src || !FOLLOW) return;
    const timing = timed?.on ?? false;
    if (timed) timed.on = false;
    const c0 = process.cpuUsage();
    const sent = stats.versionReads + stats.misses + stats.cardReads;
    const t0 = performance.now();
    const res = await app.request(src, { headers: lastCookie ? { host, cookie: lastCookie } : { host } });
    await res.text();
    if (res.status !== 200) throw new Error(`rows fragment answered ${res.status}`);
    fragments.push(performance.now() - t0);
    const c1 = process.cpuUsage(c0);
    fragmentCpu += c1.user + c1.system;
    fragmentStatements += stats.versionReads + stats.misses + stats.cardReads - sent;
    if (timed) timed.on = timing;
  };
  /** A page and its fragment; `fragments` gets the fragment's bounds (µs, the profile's clock) when given. */
  const view = async (i: number, fragments?: [number, number, string][]) => {
    await hit(i);
    const f0 = micros();
    await follow();
    if (fragments && lastHtml.includes('id="rec-product-slot"')) fragments.push([f0, micros(), 'fragment']);
  };
  for (let i = 0; i < warmUp; i++) await view(i);
  // Cold pages drive the store's read ahead (a page of lists per cold page not meeting one under way).
  for (let k = warmUp; opts.awaitStoreRead; k++) {
    const outcome = await serveCacheFor(deps.db).storeReading(opts.awaitStoreRead);
    if (outcome === 'warmed') break;
    if ((outcome && outcome !== 'partly') || k > warmUp + 5_000)
      throw new Error(`the store's lists were not read whole: ${outcome ?? 'never started'}`);
    await view(k);
  }
  fragments.length = 0;
  fragmentCpu = 0;
  // ABAB…: ROUNDS rounds, each a block with and a block without (which goes first alternates), over the
  // same product sequence; a round's ratio is its medians' ratio, so slow phases of a shared machine
  // land on both sides of one round rather than on one side of the comparison.
  const block = Math.max(10, Math.floor(SAMPLES / (2 * ROUNDS)));
  const ratios: number[] = [];
  const on: number[] = [];
  const off: number[] = [];
  let at = warmUp;
  const cache = serveCacheFor(deps.db);
  const served = cache.stats;
  timed = timePageServing(cache);
  const statementsNow = () => served.versionReads + served.misses + served.cardReads;
  let onStatements = 0;
  let onRepeats = 0;
  /** The bench process's CPU time (user + system, µs) per mode: less blurred by other processes than wall time. */
  const cpu = { on: 0, off: 0 };
  const chars = { on: 0, off: 0 };
  let deferred = 0;
  const rounds: Round[] = [];
  const gc = gcByMode();
  for (let r = 0; r < ROUNDS; r++) {
    const times: Record<'on' | 'off', number[]> = { on: [], off: [] };
    rounds.push(times);
    for (const mode of r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      const from = ownProducts && times.on.length + times.off.length > 0 ? at + block : at;
      process.env.RECOMMENDATIONS_STOREFRONT = mode;
      timed.on = mode === 'on';
      const s0 = statementsNow();
      const r0 = served.pageRepeats;
      const f0 = fragmentCpu;
      const fs0 = fragmentStatements;
      const c0 = process.cpuUsage();
      const b0 = performance.now();
      for (let i = 0; i < block; i++) {
        const t0 = performance.now();
        await hit(from + i);
        times[mode].push(performance.now() - t0);
        chars[mode] += lastChars;
        if (mode === 'on' && lastHtml.includes('id="rec-product-slot"')) deferred++;
        await follow();
      }
      const c1 = process.cpuUsage(c0);
      gc.block(b0, performance.now(), mode);
      cpu[mode] += c1.user + c1.system - (fragmentCpu - f0);
      if (mode === 'on') onStatements += statementsNow() - s0 - (fragmentStatements - fs0);
      if (mode === 'on') onRepeats += served.pageRepeats - r0;
    }
    at += ownProducts ? 2 * block : block;
    ratios.push(median(times.on) / median(times.off));
    on.push(...times.on);
    off.push(...times.off);
  }
  delete process.env.RECOMMENDATIONS_STOREFRONT;
  timed.on = false;
  const pauses = await gc.stop();
  await profileBlocks(label, shoppers, view, at);
  await allocationBlocks(label, shoppers, hit, follow, at + cpuProfiledPages());
  const paired = pairedRatio(rounds);
  const own = (onStatements - timed.mergedStatements) / on.length;
  log(
    `  product page, ${label}, ${shoppers === 'new' ? 'a new shopper every view (no cookie)' : `${RETURNING} returning shoppers (their cookies)`}: median ${median(off).toFixed(2)} ms without, ${median(on).toFixed(2)} ms with; ` +
      `with ÷ without over ${ROUNDS} ABAB rounds of ${block} ${describeRatio(paired, 1.05)}`,
  );
  log(
    `    round ratios (with ÷ without, in order): ${fixed(ratios)}; their median ${median(ratios).toFixed(3)}`,
  );
  const cpuOn = cpu.on / on.length / 1000;
  const cpuOff = cpu.off / off.length / 1000;
  log(
    `    bench process CPU per page (the app in-process; PostgreSQL's not counted; the rows fragments apart): ${cpuOn.toFixed(3)} ms with, ${cpuOff.toFixed(3)} ms without (${((cpuOn / cpuOff - 1) * 100).toFixed(1)}%)` +
      (fragments.length
        ? `; per rows fragment ${(fragmentCpu / fragments.length / 1000).toFixed(3)} ms`
        : ''),
  );
  log(
    `    lists answered as a repeat (nothing they were decided by changed; no composing) ${onRepeats} of ${on.length} pages; ` +
      `recommendation statements/page ${(onStatements / on.length).toFixed(2)}, of which in the product's round trip ${(timed.mergedStatements / on.length).toFixed(2)}, in round trips of their own ${own.toFixed(2)}`,
  );
  log(
    `    page HTML per view: ${(chars.on / on.length).toFixed(0)} characters with, ${(chars.off / off.length).toFixed(0)} without; ` +
      `pages with the rows left to their fragment (cold lists) ${deferred} of ${on.length}` +
      (fragments.length
        ? `; the rows fragments their browsers then asked for (a request of its own, ${fragments.length}): p50 ${quantile(fragments, 0.5).toFixed(2)} ms, p95 ${quantile(fragments, 0.95).toFixed(2)} ms`
        : ''),
  );
  const gcLine = (m: 'on' | 'off', n: number) =>
    `${((pauses[m].minor + pauses[m].major) / n).toFixed(3)} ms (young ${(pauses[m].minor / n).toFixed(3)}, full ${(pauses[m].major / n).toFixed(3)}; ${pauses[m].count} pauses)`;
  log(
    `    GC pauses of the main thread per page (starting in its blocks): ${gcLine('on', on.length)} with, ${gcLine('off', off.length)} without`,
  );
  const p95 = (xs: number[]) => (xs.length ? `p95 ${quantile(xs, 0.95).toFixed(2)} ms` : 'none');
  log(
    `    server time of the rows on the page: composing the lists ${p95(timed.lists)} (p50 ${timed.lists.length ? quantile(timed.lists, 0.5).toFixed(2) : '–'} ms, ${timed.lists.length} pages) — ${timed.lists.length && quantile(timed.lists, 0.95) < 5 ? 'PASS' : 'FAIL'} (< 5 ms); ` +
      `the product's round trip that carried their reads ${p95(timed.merged)} (${timed.merged.length} first views)`,
  );
  return {
    label: `${label}, ${shoppers} shoppers`,
    paired,
    ratios,
    cpu: { on: cpuOn, off: cpuOff },
    listsP95: timed.lists.length ? quantile(timed.lists, 0.95) : Number.NaN,
  };
}

/**
 * The cart page with and without the recommendation rows ("Complete your order"), like the product
 * page's: ABAB rounds, each view a NEW basket (a cart of 1–3 products nobody's cart had before in this
 * bench, so the cart's lists are as cold as they get). With the rows on, the page carries only the
 * placeholder and its script; like a browser, the bench then asks for the fragment it names, timed and
 * counted apart. `carts`: the baskets' ids (each viewed once).
 */
export async function cartPage(deps: Deps, handle: string, carts: string[]) {
  const app = createApp(withReadCache(deps));
  const host = `${handle}.localhost:3000`;
  const stats = serveCacheFor(deps.db).stats;
  const statements = () => stats.versionReads + stats.misses + stats.cardReads;
  const block = Math.max(10, Math.floor(SAMPLES / (2 * ROUNDS)));
  if (carts.length < 2 * block * ROUNDS + 20) throw new Error('cart bench: too few baskets');
  let next = 0;
  const fragments: number[] = [];
  let fragmentCpu = 0;
  let fragmentStatements = 0;
  let lastHtml = '';
  const hit = async () => {
    const cookie = `sl_cart=${carts[next++]}`;
    const res = await app.request('/cart', { headers: { host, cookie } });
    lastHtml = await res.text();
    if (res.status !== 200) throw new Error(`cart page answered ${res.status}`);
    return cookie;
  };
  const follow = async (cookie: string) => {
    const src = /id="rec-cart-slot"[^>]*data-src="([^"]+)"/.exec(lastHtml)?.[1];
    if (!src || !FOLLOW) return;
    const c0 = process.cpuUsage();
    const s0 = statements();
    const t0 = performance.now();
    const res = await app.request(src, { headers: { host, cookie } });
    const html = await res.text();
    if (res.status !== 200 || !html.includes('Complete your order'))
      throw new Error(`cart rows fragment answered ${res.status} without the row`);
    fragments.push(performance.now() - t0);
    const c1 = process.cpuUsage(c0);
    fragmentCpu += c1.user + c1.system;
    fragmentStatements += statements() - s0;
  };
  // Warm-up (rows on): the store's chrome, serving state and the code paths.
  for (let i = 0; i < 20; i++) await follow(await hit());
  fragments.length = 0;
  fragmentCpu = 0;
  fragmentStatements = 0;
  const ratios: number[] = [];
  const all = { on: [] as number[], off: [] as number[] };
  const cpu = { on: 0, off: 0 };
  const chars = { on: 0, off: 0 };
  let onStatements = 0;
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const times: Record<'on' | 'off', number[]> = { on: [], off: [] };
    rounds.push(times);
    for (const mode of r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      process.env.RECOMMENDATIONS_STOREFRONT = mode;
      const c0 = process.cpuUsage();
      const f0 = fragmentCpu;
      const s0 = statements();
      const fs0 = fragmentStatements;
      for (let i = 0; i < block; i++) {
        const t0 = performance.now();
        const cookie = await hit();
        times[mode].push(performance.now() - t0);
        chars[mode] += lastHtml.length;
        await follow(cookie);
      }
      const c1 = process.cpuUsage(c0);
      cpu[mode] += c1.user + c1.system - (fragmentCpu - f0);
      if (mode === 'on') onStatements += statements() - s0 - (fragmentStatements - fs0);
    }
    ratios.push(median(times.on) / median(times.off));
    all.on.push(...times.on);
    all.off.push(...times.off);
  }
  delete process.env.RECOMMENDATIONS_STOREFRONT;
  let cookie = '';
  await allocationBlocks(
    'cart',
    'new',
    async () => {
      cookie = await hit();
    },
    () => follow(cookie),
    0,
  );
  const paired = pairedRatio(rounds);
  const n = all.on.length;
  log(
    `  cart page, a new basket every view: median ${median(all.off).toFixed(2)} ms without, ${median(all.on).toFixed(2)} ms with; ` +
      `with ÷ without over ${ROUNDS} ABAB rounds of ${block} ${describeRatio(paired, 1.05)}`,
  );
  log(
    `    round ratios (with ÷ without, in order): ${fixed(ratios)}; their median ${median(ratios).toFixed(3)}`,
  );
  const cpuOn = cpu.on / n / 1000;
  const cpuOff = cpu.off / all.off.length / 1000;
  log(
    `    bench process CPU per page (the rows fragments apart): ${cpuOn.toFixed(3)} ms with, ${cpuOff.toFixed(3)} ms without (${((cpuOn / cpuOff - 1) * 100).toFixed(1)}%); per rows fragment ${(fragmentCpu / Math.max(1, fragments.length) / 1000).toFixed(3)} ms`,
  );
  log(
    `    recommendation statements per cart page ${(onStatements / n).toFixed(2)}, per rows fragment ${(fragmentStatements / Math.max(1, fragments.length)).toFixed(2)}; ` +
      `page HTML ${(chars.on / n).toFixed(0)} characters with, ${(chars.off / all.off.length).toFixed(0)} without; ` +
      (fragments.length
        ? `rows fragments (${fragments.length}) p50 ${quantile(fragments, 0.5).toFixed(2)} ms, p95 ${quantile(fragments, 0.95).toFixed(2)} ms`
        : 'no rows fragments asked for (BENCH_RECS_FOLLOW=0)'),
  );
  return {
    label: 'cart page, new baskets',
    paired,
    ratios,
    cpu: { on: cpuOn, off: cpuOff },
    listsP95: Number.NaN,
  };
}

/**
 * The main thread's GC pauses (V8's gc performance entries) by the mode of the block they started in:
 * young-generation (scavenge) and full (mark-compact, incremental steps) milliseconds, and how many.
 */
function gcByMode() {
  const blocks: [number, number, 'on' | 'off'][] = [];
  const entries: { start: number; ms: number; major: boolean }[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      // NODE_PERFORMANCE_GC_MINOR = 1 (scavenge); the others (major, incremental, weak callbacks) are full.
      entries.push({ start: e.startTime, ms: e.duration, major: kind !== 1 });
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  return {
    block(from: number, to: number, mode: 'on' | 'off') {
      blocks.push([from, to, mode]);
    },
    async stop() {
      // The observer delivers its entries asynchronously: let the last ones arrive.
      await new Promise((r) => setTimeout(r, 50));
      obs.disconnect();
      const out = { on: { minor: 0, major: 0, count: 0 }, off: { minor: 0, major: 0, count: 0 } };
      for (const e of entries) {
        const b = blocks.find(([from, to]) => e.start >= from && e.start < to);
        if (!b) continue;
        const m = out[b[2]];
        if (e.major) m.major += e.ms;
        else m.minor += e.ms;
        m.count++;
      }
      return out;
    },
  };
}
