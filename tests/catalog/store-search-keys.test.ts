/**
 * Storefront search reads its candidates off product_search_keys (migration
 * 0530; store-search-match.ts): the keys must follow every write of a
 * product's searched text, the results and ranks must be exactly what the
 * GIN path gave (`@@` / `<%` over all the store's active rows — the oracle
 * below is that statement), and under RLS the key lookup must be an index
 * condition bounded by the store (what makes a 10,000-product store's search
 * read its matches, not its catalogue).
 */
import { sql } from 'kysely';
import pg from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { captureStatements } from '../../bench/statement-capture.js';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { appDatabaseUrl } from '../../src/lib/db/roles.js';
import { updateCategory } from '../../src/modules/catalog/categories.js';
import { transpositions } from '../../src/modules/catalog/repository/store-search.js';
import { searchTokens, tsqueryText } from '../../src/modules/catalog/search-text.js';
import { createCategory } from '../../src/modules/catalog/service.js';
import { searchStoreProducts, suggestSearch } from '../../src/modules/catalog/store-service.js';
import { TRIGRAM_THRESHOLD } from '../../src/modules/catalog/store-types.js';
import { createTestProduct, createTestStore } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';

const MATERIALS = ['Wool', 'Linen', 'Ceramic', 'Oak', 'Copper', 'Crème', 'Velvet', 'Marble'];
const NOUNS = ['Mug', 'Lamp', 'T-Shirt', 'Jacket', 'Bowl', 'Chair', 'XL Tee', 'Scarf', 'Café Cup', '4K Lamp'];

let p: TestPlatform;
let tenantId: string;
let other: string;
let homeId: string;

beforeAll(async () => {
  p = await testPlatform();
  const s = await createTestStore(p.deps, { plan: 'pro' });
  tenantId = s.tenant.id;
  homeId = (
    await withTenant(p.deps.db, tenantId, (trx) =>
      createCategory(trx, tenantId, { handle: 'home', name: 'Home Goods' }),
    )
  ).id;
  let n = 0;
  for (const m of MATERIALS)
    for (const noun of NOUNS) {
      n++;
      await createTestProduct(p.deps, tenantId, {
        title: `${m} ${noun} ${n}`,
        tags: n % 3 ? [m.toLowerCase()] : ['gift', 'sale'],
        description: n % 4 ? `A ${m.toLowerCase()} ${noun.toLowerCase()} of 12oz, made with care.` : '',
        ...(n % 5 ? {} : { category: 'home' }),
        ...(n % 11 ? {} : { status: 'draft' as const }),
      });
    }
  // Another store with the same words: its keys must never be candidates here.
  other = (await createTestStore(p.deps)).tenant.id;
  for (const noun of NOUNS) await createTestProduct(p.deps, other, { title: `Wool ${noun}` });
}, 120_000);

/** The keys a store's products should have, and the keys it has. */
async function keysOf(tenant: string) {
  return withPlatformAccess(p.deps.db, async (trx) => {
    const want = await sql<{ k: string }>`
      select p.id || ' ' || k as k
        from products p, unnest(storeloom_product_search_keys(p.search, p.title_trgm)) k
       where p.tenant_id = ${tenant} order by 1`.execute(trx);
    const have = await sql<{ k: string }>`
      select product_id || ' ' || key as k from product_search_keys
       where tenant_id = ${tenant} order by 1`.execute(trx);
    return { want: want.rows.map((r) => r.k), have: have.rows.map((r) => r.k) };
  });
}

/** The search as the GIN path ran it: every active row of the store matched by `@@`, else by `<%`. */
async function oracle(q: string): Promise<{ id: string; rank: string }[]> {
  const tokens = searchTokens(q);
  if (!tokens.length) return [];
  return withPlatformAccess(p.deps.db, async (trx) => {
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TRIGRAM_THRESHOLD)}, true)`.execute(
      trx,
    );
    const tsq = sql`to_tsquery('simple', ${tsqueryText(tokens)})`;
    const fts = await sql<{ id: string; rank: string }>`
      select id, round(ts_rank(search, ${tsq})::numeric, 6)::text as rank from products
       where tenant_id = ${tenantId} and status = 'active' and search @@ ${tsq}
       order by round(ts_rank(search, ${tsq})::numeric, 6) desc, id`.execute(trx);
    if (fts.rows.length) return fts.rows;
    const ts = [q, ...transpositions(q)].map((v) => sql`storeloom_trgm_text(${v.slice(0, 200)}::text)`);
    const rank = sql`round(greatest(${sql.join(ts.map((t) => sql`word_similarity(${t}, title_trgm)`))})::numeric, 6)`;
    const trgm = await sql<{ id: string; rank: string }>`
      select id, ${rank}::text as rank from products
       where tenant_id = ${tenantId} and status = 'active'
         and (${sql.join(
           ts.map((t) => sql`${t} <% title_trgm`),
           sql` or `,
         )})
       order by ${rank} desc, id`.execute(trx);
    return trgm.rows;
  });
}

const QUERIES = [
  'mug',
  'mu',
  'lam',
  'tee',
  'xl',
  'xl tee',
  'cafe',
  'café cup',
  't-shirt',
  'shirt',
  'creme',
  '4k',
  '12oz',
  'wool jacket',
  'gift',
  'home goods',
  'a',
  'tshrit',
  'jakcet',
  'ceramc mug',
  'cermaic',
  'velvte scarf',
  'coper lmap',
  'zzqx',
];

describe('storefront search over the search keys', () => {
  it('keeps every product’s keys in step with its row (insert, edit, category rename, delete)', async () => {
    let k = await keysOf(tenantId);
    expect(k.have.length).toBeGreaterThan(1_000);
    expect(k.have).toEqual(k.want);
    await withTenant(p.deps.db, tenantId, async (trx) => {
      await sql`update products set title = 'Brass Kettle', tags = '{kitchen}', description = 'Whistles'
                 where tenant_id = ${tenantId} and title like 'Wool Mug%'`.execute(trx);
      // A price or stock refresh leaves the keys alone (the trigger's WHEN).
      await sql`update products set min_price = min_price + 1 where tenant_id = ${tenantId}`.execute(trx);
      await updateCategory(trx, tenantId, homeId, { name: 'Hearth Things' });
      await sql`delete from products where tenant_id = ${tenantId} and title like 'Oak Lamp%'`.execute(trx);
    });
    k = await keysOf(tenantId);
    expect(k.have).toEqual(k.want);
    expect(k.have.some((x) => x.endsWith(' =kettle'))).toBe(true);
    expect(k.have.some((x) => x.endsWith(' =hearth'))).toBe(true);
    expect(k.have.some((x) => x.endsWith(' =goods'))).toBe(false);
    const o = await keysOf(other);
    expect(o.have).toEqual(o.want);
  });

  it('finds and ranks exactly what the GIN path found (words, prefixes, short words, typos, nothing)', async () => {
    const store = { id: tenantId, currency: 'USD' };
    let typos = 0;
    for (const q of QUERIES) {
      const want = await oracle(q);
      const got = await searchStoreProducts(p.deps.db, store, {
        q,
        limit: 100,
        facets: true,
        inStock: false,
      });
      expect(
        got.items.map((i) => i.id),
        q,
      ).toEqual(want.slice(0, 100).map((r) => r.id));
      expect(got.facets?.total, q).toBe(want.length);
      if (want.length && !(await oracleFullText(q))) typos++;
    }
    // "Did you mean" too: the closest active title over the whole store, if near enough.
    for (const q of [...QUERIES, 'brass kettel', 'marbel', 'qqq']) {
      const want = await withPlatformAccess(p.deps.db, async (trx) => {
        const t = sql`storeloom_trgm_text(${q}::text)`;
        const r = await sql<{ title: string; score: number }>`
          select title, word_similarity(${t}, title_trgm) as score from products
           where tenant_id = ${tenantId} and status = 'active' order by score desc, title limit 1`.execute(
          trx,
        );
        return r.rows[0] && r.rows[0].score >= 0.25 ? r.rows[0].title : null;
      });
      expect(await suggestSearch(p.deps.db, tenantId, q), q).toBe(want);
    }
    // The fixture really exercises both branches, and the trigram one with several queries.
    expect(typos).toBeGreaterThanOrEqual(4);
  });

  it('in a big store, reads the keys by store and key under RLS (the plans)', async () => {
    // 3,000 products in one statement (the insert trigger writes their keys), the
    // statistics refreshed: the planner then knows this store is big, as it knows
    // the scale database's 10,000-product stores.
    const big = (await createTestStore(p.deps, { plan: 'pro' })).tenant.id;
    await withPlatformAccess(p.deps.db, async (trx) => {
      await sql`
        insert into products (tenant_id, handle, title, description, tags, status)
        select ${big}, 'p-' || i, m || ' ' || n || ' ' || i, 'A ' || lower(m) || ' ' || lower(n) || '.',
               array[lower(m)], 'active'
          from generate_series(1, 3000) i,
               lateral (select (${MATERIALS})::text[] as ms, (${NOUNS})::text[] as ns) a,
               lateral (select a.ms[1 + i % cardinality(a.ms)] as m, a.ns[1 + (i / 7) % cardinality(a.ns)] as n) b`.execute(
        trx,
      );
    });
    const owner = new pg.Client({ connectionString: inject('databaseUrl') });
    await owner.connect();
    await owner.query('analyze products; analyze product_search_keys');
    await owner.end();
    const store = { id: big, currency: 'USD' };
    for (const [q, keyCond] of [
      ['wool jacket', /key >= '=wool'::text\) AND \(key < /],
      ['lamp', /key >= '=lamp'::text\) AND \(key < /],
      ['ceramc mug', /key = ANY/],
    ] as const) {
      const seen = await captureStatements(() =>
        searchStoreProducts(p.deps.db, store, { q, limit: 24, facets: true, inStock: false }),
      );
      const stmt = seen.find((s) => s.text.includes('product_search_keys'))!;
      const nodes = await planNodes(big, stmt.text, stmt.values);
      const cond = (n: PlanNode) => n['Index Cond'] ?? n['Recheck Cond'] ?? '';
      const keyReads = nodes.filter(
        (n) =>
          n['Relation Name'] === 'product_search_keys' || n['Index Name']?.startsWith('product_search_keys'),
      );
      const ran = keyReads.filter((n) => (n['Actual Loops'] ?? 0) > 0);
      expect(ran.length, q).toBeGreaterThan(0);
      // Every key read that ran was bounded by this store AND the query's keys in the index condition.
      for (const n of ran) {
        expect(cond(n), q).toContain(`tenant_id = '${big}'`);
        expect(cond(n), q).toMatch(/key (>=|= ANY)/);
      }
      expect(ran.map(cond).join(' | '), q).toMatch(keyCond);
      // The store's products are read by the candidates' ids, never all of them.
      for (const n of nodes.filter(
        (x) =>
          x['Relation Name'] === 'products' &&
          x['Node Type'].includes('Scan') &&
          (x['Actual Loops'] ?? 0) > 0,
      ))
        expect(cond(n), q).toMatch(new RegExp(`tenant_id = .${big}.*id = (ANY|\\w+\\.product_id)`));
    }
  });
});

async function oracleFullText(q: string): Promise<boolean> {
  const tokens = searchTokens(q);
  return withPlatformAccess(p.deps.db, async (trx) => {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from products
       where tenant_id = ${tenantId} and status = 'active'
         and search @@ to_tsquery('simple', ${tsqueryText(tokens)})`.execute(trx);
    return r.rows[0]!.n > 0;
  });
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** The statement's plan nodes, EXPLAIN ANALYZEd as the app role in the store's tenant transaction. */
async function planNodes(tenant: string, text: string, values: unknown[]): Promise<PlanNode[]> {
  const app = new pg.Client({ connectionString: appDatabaseUrl(inject('databaseUrl')) });
  await app.connect();
  try {
    await app.query('begin');
    await app.query(`select set_config('app.tenant_id', $1, true)`, [tenant]);
    const res = await app.query({ text: `explain (analyze, format json) ${text}`, values });
    await app.query('rollback');
    const out: PlanNode[] = [];
    const walk = (n: PlanNode) => {
      out.push(n);
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(res.rows[0]['QUERY PLAN'][0].Plan);
    return out;
  } finally {
    await app.end();
  }
}
