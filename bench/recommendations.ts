/**
 * `npm run bench -- recommendations`: one store of 10,000 products (titles from word lists, so the text
 * model has work) and 100,000 paid orders of 1–4 lines over a year (products bought in clusters of 20, so
 * bought-together is real), in a fresh database (see bench/pricing.ts), on the Redis backend.
 *   1. rebuild: one `rebuild` job through the real `recommendations` queue and processor (target < 60 s);
 *      then five new orders and an incremental rebuild (only the lists they can reach);
 *   2. serving: server time of every storefront list (target p95 < 5 ms): the product page's (both lists)
 *      on a cache miss (every product new), through the per-process cache with views skewed over
 *      BENCH_RECS_HOT products, and with a cart (its products passed, as the page does; or its id);
 *      "for you" for 2,000 shoppers with history (first
 *      request, then again) and without; "complete your order" for baskets (first time, again) and by
 *      cart id;
 *   3. product page: in-process requests with and without the recommendation rows (the storefront kill
 *      switch RECOMMENDATIONS_STOREFRONT=off) in ABAB rounds of 25-page blocks (BENCH_RECS_ROUNDS: by
 *      default BENCH_RECS_SAMPLES ÷ 50, at least 8); the ratio of the pooled medians with a bootstrap 95%
 *      interval over rounds (bench/paired-ratio.ts), and the rounds' own ratios, for skewed views and for
 *      all-new products (target ≤ 5% slower).
 *   4. cart page: the same with and without "Complete your order", a new basket (1–3 products) every view;
 *      with the rows on the page carries a placeholder and the bench then asks for its fragment (apart).
 * Sizes: BENCH_RECS_PRODUCTS, BENCH_RECS_ORDERS, BENCH_RECS_SAMPLES. BENCH_RECS_ONLY=page runs the seed, the
 * full rebuild and parts 3–4 only (the incremental rebuild and part 2 are skipped); BENCH_RECS_ONLY=cart
 * part 4 only, BENCH_RECS_ONLY=cold part 3's "every product new" cases only (BENCH_RECS_CASE=warmed-new,
 * for one: `<not warmed|warmed>-<new|returning>`); BENCH_RECS_ONLY=compose
 * reading a store's lists whole and composing every product's page lists once from them (both ways);
 * BENCH_RECS_ONLY=rebuild stops after part 1; BENCH_CPU_PROF=dir also
 * writes CPU profiles of the product page with and without the rows (recommendations-page.ts).
 */
import { sql } from 'kysely';
import { startChangeListener } from '../src/lib/db/change-listener.js';
import type { Db } from '../src/lib/db/index.js';
import type { Deps } from '../src/lib/http/context.js';
import { CATALOG_NOTICE_CHANNEL, parseCatalogNotice } from '../src/modules/catalog/store-cache.js';
import { rebuildStore } from '../src/modules/recommendations/rebuild.js';
import {
  createServeCache as createDeafCache,
  type ServeCache,
  serveCacheFor,
} from '../src/modules/recommendations/serve-cache.js';
import {
  getCartCompanions,
  getForYou,
  getProductPageRecommendations,
} from '../src/modules/recommendations/service.js';
import { log, runJobs, withBenchPlatform } from './pricing.js';
import { cartPage, loadAverage, productPage, profiledPages, quantile } from './recommendations-page.js';

const PRODUCTS = Number(process.env.BENCH_RECS_PRODUCTS ?? 10_000);
const ORDERS = Number(process.env.BENCH_RECS_ORDERS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_RECS_SAMPLES ?? 400);
const SHOPPERS = 2000;
const WORDS = {
  adjective:
    'red blue green vintage classic modern rustic floral striped retro small large mini giant soft bright pastel dark golden silver'.split(
      ' ',
    ),
  material:
    'wool linen cotton ceramic glass wooden metal paper leather silk enamel velvet bamboo copper tin'.split(
      ' ',
    ),
  noun: 'mug scarf lantern candle tray basket cushion frame clock vase bowl plate jar bag notebook garland bunting tin box coaster teapot apron towel doorstop magnet mirror hook sign card wrap ribbon bell heart star tree bird owl cat dog house'.split(
    ' ',
  ),
};

export async function seed(owner: Db): Promise<{ tenantId: string; handle: string; lines: number }> {
  return owner.connection().execute(async (db) => {
    await sql`set statement_timeout = 0`.execute(db);
    const { rows } = await sql<{ id: string; handle: string }>`
      insert into tenants (handle, name, updated_at) values ('recs-bench', 'Recommendations bench', now())
      returning id, handle`.execute(db);
    const t = rows[0]!;
    const { adjective: a, material: m, noun: n } = WORDS;
    await sql`
      insert into products (tenant_id, handle, title, description, tags, status, updated_at)
      select ${t.id}, 'p-' || i,
        initcap((${a}::text[])[1 + i % ${a.length}] || ' ' || (${m}::text[])[1 + (i / ${a.length}) % ${m.length}]
          || ' ' || (${n}::text[])[1 + (i / ${a.length * m.length}) % ${n.length}]) || ' ' || i,
        'A ' || (${m}::text[])[1 + (i / ${a.length}) % ${m.length}] || ' piece for the home.',
        array[(${m}::text[])[1 + (i / ${a.length}) % ${m.length}]], 'active', now() - interval '1 day'
      from generate_series(0, ${PRODUCTS - 1}) i`.execute(db);
    await sql`
      insert into variants (tenant_id, product_id, sku, price, stock, updated_at)
      select tenant_id, id, 'SKU-' || substr(handle, 3), 500 + (hashtext(handle) & 4095), 1000, now()
      from products where tenant_id = ${t.id}`.execute(db);
    await sql`update products p set min_price = v.price, max_price = v.price, in_stock = true
      from variants v where v.tenant_id = p.tenant_id and v.product_id = p.id`.execute(db);
    await sql`
      insert into orders (tenant_id, number, email, status, currency, subtotal, total, shipping_address,
        placed_at, paid_at, updated_at)
      select ${t.id}, 1000 + o, 'b@example.test', 'paid', 'USD', 1, 1, '{}'::jsonb,
        now() - (o % 365 + 1) * interval '1 day', now(), now() - (o % 365 + 1) * interval '1 day'
      from generate_series(1, ${ORDERS}) o`.execute(db);
    // Order number n buys 1–4 products of cluster n % (PRODUCTS / 20), distinct within the order.
    await sql`
      insert into order_lines (tenant_id, order_id, variant_id, product_id, sku, title, quantity, unit_price, total)
      select o.tenant_id, o.id, v.id, v.product_id, v.sku, 'x', 1, v.price, v.price
      from orders o
      cross join lateral generate_series(1, 1 + (o.number % 4)) k
      join variants v on v.tenant_id = o.tenant_id and v.sku = 'SKU-' ||
        (((o.number % ${PRODUCTS / 20}) * 20) + ((o.number * 7 + k * 13) % 20))
      where o.tenant_id = ${t.id}`.execute(db);
    // 2,000 anonymous shoppers with 3–7 recent views each (their "for you" history), in the clusters.
    await sql`
      insert into recommendation_events (tenant_id, kind, product_id, session_id, occurred_at)
      select ${t.id}, 'view', p.id, 'bench-session-' || s, now() - (k || ' minutes')::interval
      from generate_series(1, ${SHOPPERS}) s cross join lateral generate_series(1, 3 + s % 5) k
      join products p on p.tenant_id = ${t.id} and p.handle = 'p-' || ((s * 20 + k * 3) % ${PRODUCTS})`.execute(
      db,
    );
    await sql`analyze`.execute(db);
    await sql`checkpoint`.execute(db);
    const lines = (await sql<{ n: number }>`select count(*)::int as n from order_lines`.execute(db)).rows[0]!
      .n;
    await sql`reset statement_timeout`.execute(db);
    return { tenantId: t.id, handle: t.handle, lines };
  });
}

/** Every serving cache of the bench hears the catalog's notices, as an API process's does (boot.ts). */
const listening = new Set<ServeCache>();
let live = false;
function listen(cache: ServeCache): ServeCache {
  cache.attachNotices(() => live);
  listening.add(cache);
  return cache;
}
const createServeCache = () => listen(createDeafCache());

export async function startNotices(deps: Deps) {
  const listener = startChangeListener({
    connectionString: deps.config.DATABASE_URL!,
    channel: CATALOG_NOTICE_CHANNEL,
    logger: deps.logger,
    onNotice(payload) {
      const n = parseCatalogNotice(payload);
      if (n) for (const c of listening) c.noteCatalogChange(n.tenantId, payload.split(' ')[1]);
    },
    onResync: () => {
      for (const c of listening) c.resync();
    },
  });
  listen(serveCacheFor(deps.db));
  while (!listener.live) await new Promise((r) => setTimeout(r, 20));
  live = true;
  return listener;
}

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** Five new orders of two products each, then an incremental rebuild (what the worker runs after orders). */
async function incremental(deps: Deps, owner: Db, tenantId: string) {
  await sql`
    insert into orders (tenant_id, number, email, status, currency, subtotal, total, shipping_address,
      placed_at, paid_at, updated_at)
    select ${tenantId}, 900000 + o, 'b@example.test', 'paid', 'USD', 1, 1, '{}'::jsonb, now(), now(), now()
    from generate_series(1, 5) o`.execute(owner);
  await sql`
    insert into order_lines (tenant_id, order_id, variant_id, product_id, sku, title, quantity, unit_price, total)
    select o.tenant_id, o.id, v.id, v.product_id, v.sku, 'x', 1, v.price, v.price
    from orders o cross join generate_series(0, 1) k
    join variants v on v.tenant_id = o.tenant_id and v.sku = 'SKU-' || ((o.number - 900000) * 2 + k)
    where o.tenant_id = ${tenantId} and o.number > 900000`.execute(owner);
  const r = await rebuildStore(deps.db, tenantId, new Date(), 'incremental');
  log(
    `  incremental rebuild after 5 new orders: ${(r.durationMs / 1000).toFixed(2)} s, ${r.mode}, ${r.updated} of ${r.products} products' lists rewritten`,
  );
}

/** A deterministic skewed pick over the first `hot` items (a few products get most views, as in a shop). */
function skewed(hot: number) {
  let seed = 12345;
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const r = seed / 2147483648;
    return Math.floor(hot * r * r);
  };
}

const HOT = Number(process.env.BENCH_RECS_HOT ?? 500);

async function serving(deps: Deps, tenantId: string, productIds: string[]) {
  const store = { id: tenantId, currency: 'USD' };
  const pick = (i: number) => productIds[(i * 7919) % productIds.length]!;
  /** Statements the serving cache sent (version/state reads, list reads, card reads) so far. */
  const statements = (c: ServeCache) => c.stats.versionReads + c.stats.misses + c.stats.cardReads;
  /** Times `n` calls and counts the statements they sent (a figure the shared machine cannot blur). */
  const measured = async (c: ServeCache, n: number, fn: (i: number) => Promise<unknown>) => {
    const before = statements(c);
    const ms = await timeEach(n, fn);
    return { ms, perRequest: (statements(c) - before) / n };
  };
  const report = (name: string, r: { ms: number[]; perRequest: number }) => {
    const { ms } = r;
    const p95 = quantile(ms, 0.95);
    log(
      `  ${name}: p50 ${quantile(ms, 0.5).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${ms.length}, ${r.perRequest.toFixed(2)} statements/request — ${p95 < 5 ? 'PASS' : 'FAIL'} (< 5 ms)`,
    );
  };
  const cold = createServeCache();
  await timeEach(50, (i) =>
    getProductPageRecommendations(deps.db, store, pick(i), { similar: 4, together: 1, cache: cold }),
  );
  report(
    'product page lists, cache miss (every product read for the first time)',
    await measured(cold, SAMPLES, (i) =>
      getProductPageRecommendations(deps.db, store, pick(i + 100), { similar: 4, together: 1, cache: cold }),
    ),
  );
  const warm = createServeCache();
  const next = skewed(HOT);
  const hotRead = () =>
    getProductPageRecommendations(deps.db, store, productIds[next()]!, {
      similar: 4,
      together: 1,
      cache: warm,
    });
  await timeEach(HOT * 2, hotRead);
  const before = { ...warm.stats };
  report(
    `product page lists, cached (skewed over ${HOT} products)`,
    await measured(warm, SAMPLES * 5, hotRead),
  );
  const hits = warm.stats.hits - before.hits;
  log(
    `    ${hits} hits, ${warm.stats.misses - before.misses} misses, ${warm.stats.versionReads - before.versionReads} version reads`,
  );
  const anon = { customerId: null, sessionId: null };
  const shopperAt = (i: number) => ({
    customerId: null,
    sessionId: `bench-session-${1 + ((i * 7919) % SHOPPERS)}`,
  });
  // A basket of 1–3 products of one cluster (as the cart page passes them).
  const basketAt = (i: number) =>
    Array.from(
      { length: 1 + (i % 3) },
      (_, k) => productIds[((i * 37) % (productIds.length / 20)) * 20 + k * 5]!,
    );
  const cache = createServeCache();
  report(
    'for you, first request of each shopper (history read)',
    await measured(cache, SAMPLES, (i) => getForYou(deps.db, store, shopperAt(i), { limit: 4 }, cache)),
  );
  report(
    'for you, the same shoppers again',
    await measured(cache, SAMPLES, (i) => getForYou(deps.db, store, shopperAt(i), { limit: 4 }, cache)),
  );
  report(
    'popular (no history, no cookie)',
    await measured(cache, SAMPLES, () => getForYou(deps.db, store, anon, { limit: 4 }, cache)),
  );
  report(
    'complete your order (baskets of 1–3 products, first time each)',
    await measured(cache, SAMPLES, (i) =>
      getCartCompanions(deps.db, store, { productIds: basketAt(i) }, 4, cache),
    ),
  );
  report(
    'complete your order (the same baskets again)',
    await measured(cache, SAMPLES, (i) =>
      getCartCompanions(deps.db, store, { productIds: basketAt(i) }, 4, cache),
    ),
  );
  report(
    'complete your order by cart id (its products read each time; unknown cart)',
    await measured(cache, SAMPLES, () => getCartCompanions(deps.db, store, crypto.randomUUID(), 4, cache)),
  );
  report(
    "product page lists with a cart (the page passes the cart's products it read; cached lists)",
    await measured(warm, SAMPLES, (i) =>
      getProductPageRecommendations(deps.db, store, productIds[next()]!, {
        similar: 4,
        together: 1,
        cart: { productIds: basketAt(i) },
        cache: warm,
      }),
    ),
  );
  report(
    'product page lists by cart id (cart read each time; cached lists)',
    await measured(warm, SAMPLES, () =>
      getProductPageRecommendations(deps.db, store, productIds[next()]!, {
        similar: 4,
        together: 1,
        cart: { cartId: crypto.randomUUID() },
        cache: warm,
      }),
    ),
  );
  log(`    serving cache: ${JSON.stringify(cache.stats)}`);
}

/**
 * `n` active guest carts of 1–3 products each (products drawn from the whole catalog, so the baskets'
 * lists are cold for the serving cache): the cart page bench views each once.
 */
async function newBaskets(owner: Db, tenantId: string, n: number): Promise<string[]> {
  // Each pick walks the variants by offset: on a loaded machine the insert outlived the owner's statement
  // timeout (a run with BENCH_ALLOC_PROF's extra baskets failed at load 21).
  const { rows } = await owner.connection().execute(async (db) => {
    await sql`set statement_timeout = 0`.execute(db);
    return newBasketsInsert(db, tenantId, n);
  });
  return [...new Set(rows.map((r) => r.id))];
}

function newBasketsInsert(db: Db, tenantId: string, n: number) {
  return sql<{ id: string }>`
    with c as (
      insert into carts (tenant_id, currency, updated_at)
      select ${tenantId}, 'USD', now() from generate_series(1, ${n})
      returning id),
    numbered as (select id, row_number() over () as i from c),
    picks as (
      select n.id as cart_id, v.id as variant_id
      from numbered n
      cross join lateral generate_series(1, 1 + (n.i % 3)::int) k
      join lateral (
        select v.id from variants v where v.tenant_id = ${tenantId}
        order by v.id offset ((n.i * 7919 + k * 104729) % ${PRODUCTS}) limit 1) v on true)
    insert into cart_items (tenant_id, cart_id, variant_id, quantity)
    select distinct on (cart_id, variant_id) ${tenantId}, cart_id, variant_id, 1 from picks
    returning cart_id as id`.execute(db);
}

export async function runRecommendationsBench(): Promise<void> {
  const { recommendationsProcessor } = await import('../workers/processors/recommendations.js');
  log(
    `recommendations: 1 store, ${PRODUCTS} products, ${ORDERS} orders; load average ${loadAverage()} (under load: figures are noisy)`,
  );
  await withBenchPlatform('redis', async ({ deps, owner }) => {
    const s0 = performance.now();
    const { tenantId, handle, lines } = await seed(owner);
    log(`  seeded ${lines} order lines in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
    const { ms, failed } = await runJobs(deps, recommendationsProcessor, 'rebuild', [tenantId]);
    log(
      `  rebuild (queue job, full): ${(ms / 1000).toFixed(2)} s, ${failed} failed — ${ms < 60_000 ? 'PASS' : 'FAIL'} (< 60 s)`,
    );
    const built = await sql<{ duration_ms: number; n: number }>`
      select b.duration_ms, (select count(*)::int from recommendation_neighbours) as n
      from recommendation_builds b where b.tenant_id = ${tenantId}`.execute(owner);
    const b = built.rows[0];
    if (b)
      log(
        `    of which read + model + lists ${(b.duration_ms / 1000).toFixed(2)} s; ${b.n} neighbour rows written`,
      );
    const pageOnly = ['page', 'cart', 'cold', 'compose'].includes(process.env.BENCH_RECS_ONLY ?? '');
    if (!pageOnly) await incremental(deps, owner, tenantId);
    if (process.env.BENCH_RECS_ONLY === 'rebuild') return;
    const listener = await startNotices(deps);
    const { rows } = await sql<{ id: string; handle: string }>`
      select id, handle from products where tenant_id = ${tenantId} order by id`.execute(owner);
    if (!pageOnly)
      await serving(
        deps,
        tenantId,
        rows.map((r) => r.id),
      );
    const handles = rows.map((r) => r.handle);
    const next = skewed(HOT);
    const hotOrder = Array.from({ length: SAMPLES * 2 + HOT * 2 + 100 }, next);
    // Both shopper models, the worse never left out: a new shopper every view (each view with the rows
    // sets a session cookie) and returning shoppers carrying theirs.
    const pages = [];
    const only = process.env.BENCH_RECS_ONLY;
    const cartOnly = only === 'cart';
    for (const shoppers of cartOnly || only === 'cold' || only === 'compose'
      ? []
      : (['new', 'returning'] as const))
      pages.push(
        await productPage(
          deps,
          handle,
          handles,
          `skewed over ${HOT} products, after ${HOT * 2} warm-up views (steady state)`,
          (i) => hotOrder[i % hotOrder.length]!,
          { warmUp: HOT * 2, shoppers },
        ),
      );
    // Products nobody viewed yet in this bench: each run starts past every view the previous one made
    // (warm-up, both modes' rounds, a profile). Twice each: right after a rebuild with the process's
    // read ahead off (RECOMMENDATIONS_COLD_PAGES_PER_READ=0: every page cold, its rows left to the
    // fragment — the worst case, until a store's lists are read ahead), and once the process holds the
    // store's lists whole (serve-warm.ts; cold pages drive the read ahead, one page per cold page).
    const perRun = 50 + 2 * SAMPLES + profiledPages();
    const cases = (['not warmed', 'warmed'] as const).flatMap((w) =>
      (['new', 'returning'] as const).map((shoppers) => [w, shoppers] as const),
    );
    if (!cartOnly)
      await storeReadCost(
        deps,
        tenantId,
        rows.map((r) => r.id),
      );
    if (only === 'compose') return void (await listener.close());
    for (const [run, [warmth, shoppers]] of (cartOnly ? [] : cases).entries()) {
      // BENCH_RECS_CASE=<not warmed|warmed>-<new|returning>: that "every product new" case alone.
      const only1 = process.env.BENCH_RECS_CASE;
      if (only1 && only1 !== `${warmth}-${shoppers}`) continue;
      const first = run * perRun;
      await newSetVersion(owner, tenantId);
      // Not warmed: no read ahead. Warmed: a read ahead at every cold page, until the store is held whole.
      process.env.RECOMMENDATIONS_COLD_PAGES_PER_READ = warmth === 'not warmed' ? '0' : '1';
      pages.push(
        await productPage(
          deps,
          handle,
          handles,
          warmth === 'not warmed'
            ? 'every product new, after a rebuild, store not read whole (all misses)'
            : 'every product new to its shoppers, store read whole',
          (i) => ((first + i) * 104729) % handles.length,
          { shoppers, ownProducts: true, awaitStoreRead: warmth === 'warmed' ? tenantId : undefined },
        ),
      );
      delete process.env.RECOMMENDATIONS_COLD_PAGES_PER_READ;
    }
    if (only !== 'cold')
      pages.push(
        await cartPage(deps, handle, await newBaskets(owner, tenantId, 2 * SAMPLES + 40 + profiledPages())),
      );
    await listener.close();
    log(`  summary (load average at the end: ${loadAverage()}):`);
    for (const pg of pages)
      log(
        `    ${pg.label.startsWith('cart') ? '' : 'product page '}${pg.label}: with ÷ without ${pg.paired.ratio.toFixed(3)} (pooled medians; 95% interval ${pg.paired.low.toFixed(3)}–${pg.paired.high.toFixed(3)} over ${pg.ratios.length} ABAB rounds), bench CPU per page ${pg.cpu.on.toFixed(3)} ms with, ${pg.cpu.off.toFixed(3)} ms without, rows' server time p95 ${pg.listsP95.toFixed(2)} ms`,
      );
  });
}

/**
 * What reading the store's product-page lists whole costs one process (serve-warm.ts), on a cache of its
 * own: wall time, this process's CPU, statements; then what composing every product's page lists once
 * from them costs (a first view's composing, without the page around it).
 */
async function storeReadCost(deps: Deps, tenantId: string, ids: string[]) {
  const id = ids[0]!;
  // Cards and the version lease kept a minute (as with live catalog notices; a page's product read renews
  // the lease), so the timed passes below compose rather than re-read.
  const cache = createDeafCache({ coldPagesPerRead: () => 1, cardTtlMs: 60_000, versionTtlMs: 60_000 });
  const size = { together: 1, similar: 4 };
  let outcome: string | undefined = 'partly';
  let ms = 0;
  let cpu = 0;
  while (outcome === 'partly') {
    // A held product's lists: renews the version lease the read ahead runs under (not timed).
    await cache.productPageLists(deps.db, tenantId, id, size);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    outcome = await cache.noteColdPage(deps.db, tenantId, size);
    ms += performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    cpu += (c1.user + c1.system) / 1000;
  }
  log(
    `  reading the store's product-page lists ahead, whole (one process): ${outcome}, ${ms.toFixed(0)} ms wall, ` +
      `${cpu.toFixed(0)} ms of this process's CPU, ${cache.stats.warmReads} statements`,
  );
  // A first view's composing alone (no page around it): every product's page lists once, from what was
  // read ahead, one after another.
  const reads = cache.stats.misses + cache.stats.cardReads + cache.stats.versionReads;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const product of ids)
    await cache.productPageLists(deps.db, tenantId, product, size, { productIds: [] });
  const wall = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  log(
    `    composing each product's page lists once from them: ${((wall * 1000) / ids.length).toFixed(1)} µs wall, ` +
      `${((c1.user + c1.system) / ids.length).toFixed(1)} µs CPU per product; statements meanwhile ` +
      `${cache.stats.misses + cache.stats.cardReads + cache.stats.versionReads - reads}`,
  );
  // The same, the way a warm product page now composes: at once, no await (another cart, so no repeat).
  let composed = 0;
  const h0 = process.cpuUsage();
  const w0 = performance.now();
  for (const product of ids) if (cache.productPageListsHeld(tenantId, product, size, ['-'])) composed++;
  const heldWall = performance.now() - w0;
  const h1 = process.cpuUsage(h0);
  log(
    `    …and at once, without an await (a warm page's way): ${((heldWall * 1000) / ids.length).toFixed(1)} µs wall, ` +
      `${((h1.user + h1.system) / ids.length).toFixed(1)} µs CPU per product; composed at once ${composed} of ${ids.length}`,
  );
  // 2,000 of them once more (the answers a process keeps: 5,000): a repeat (nothing it was decided by
  // changed), as a returning view gets it.
  const some = ids.slice(0, 2000);
  for (const product of some) cache.productPageListsHeld(tenantId, product, size, ['-']);
  const repeats0 = cache.stats.pageRepeats;
  const r0 = performance.now();
  for (const product of some) cache.productPageListsHeld(tenantId, product, size, ['-']);
  const repeatWall = performance.now() - r0;
  log(
    `    …and a repeat of each: ${((repeatWall * 1000) / some.length).toFixed(1)} µs wall per product; ` +
      `repeats ${cache.stats.pageRepeats - repeats0} of ${some.length}`,
  );
}

/**
 * A new set version for the store, as a rebuild gives (its build row rewritten unchanged), then past every
 * process's ~1 s version lease: every list this process holds is cold again.
 */
async function newSetVersion(owner: Db, tenantId: string) {
  await sql`update recommendation_builds set duration_ms = duration_ms where tenant_id = ${tenantId}`.execute(
    owner,
  );
  await new Promise((r) => setTimeout(r, 1100));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runRecommendationsBench().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
