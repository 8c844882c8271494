/**
 * The serving cache's reads (serve-cache.ts): small, indexed statements whose results the cache keeps and
 * composes in memory, so a warm request needs at most one of them.
 *   - readServeState: the store's set version, its out-of-stock setting, the cart's products, and (when
 *     asked) the shopper's recent products and the popular list — one statement;
 *   - readCandidateLists: the built lists (every kind but viewed-together) and the merchant's pins and
 *     exclusions of some products — what changes only with the set version;
 *   - readCards: what a served row shows of a product (handle, title, price, one-click variant) and
 *     whether it may be served (active, in stock) — catalog facts, kept only seconds.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import { defaultVariant, inCart } from './serve-reads.js';
import { setVersion } from './serve-version.js';

/** A ranked candidate: its id, where it comes from (`kind`) and its rank there. */
export interface Candidate {
  id: string;
  rank: number;
  score: number;
  reason: string;
}

export interface ProductCandidates {
  pins: Candidate[];
  excluded: string[];
  similar: Candidate[];
  bought_together: Candidate[];
  hybrid: Candidate[];
}

export interface ProductCard {
  id: string;
  handle: string;
  title: string;
  price: number;
  variantId: string | null;
  active: boolean;
  inStock: boolean;
}

export interface ServeState {
  version: string;
  excludeOutOfStock: boolean;
  cart: string[];
  /** Only when asked: the shopper's products, most recent first (events; then ordered products). */
  history?: { recent: string[]; ordered: string[] };
  /** Only when asked: the store's popular products in rank order. */
  popular?: string[];
}

/** One statement; history and popular only when asked (`shopper`, `popular`). */
export async function readServeState(
  trx: Trx,
  tenantId: string,
  ask: {
    cartId?: string | null;
    shopper?: { customerId: string | null; sessionId: string | null };
    popular: boolean;
  },
): Promise<ServeState> {
  const s = ask.shopper;
  const { rows } = await sql<{
    version: string;
    exclude_oos: boolean | null;
    cart: string[] | null;
    recent: string[] | null;
    ordered: string[] | null;
    popular: string[] | null;
  }>`
    select ${setVersion(tenantId)} as version,
      (select st.exclude_out_of_stock from recommendation_settings st where st.tenant_id = ${tenantId})
        as exclude_oos,
      ${ask.cartId ? sql`array${inCart(tenantId, ask.cartId)}` : sql`null::uuid[]`} as cart,
      ${
        s
          ? sql`array(select product_id from recommendation_events
              where tenant_id = ${tenantId}
                and (customer_id = ${s.customerId}::uuid or session_id = ${s.sessionId}::text)
              group by product_id order by max(occurred_at) desc limit 20)`
          : sql`null::uuid[]`
      } as recent,
      ${
        s?.customerId
          ? sql`array(select l.product_id from orders o
              join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
              where o.tenant_id = ${tenantId} and o.customer_id = ${s.customerId}::uuid
                and l.product_id is not null
              group by l.product_id order by max(o.placed_at) desc limit 20)`
          : sql`null::uuid[]`
      } as ordered,
      ${
        ask.popular
          ? sql`array(select product_id from recommendation_popular where tenant_id = ${tenantId} order by rank)`
          : sql`null::uuid[]`
      } as popular`.execute(trx);
  const r = rows[0]!;
  return {
    version: r.version,
    excludeOutOfStock: r.exclude_oos ?? true,
    cart: r.cart ?? [],
    history: s ? { recent: r.recent ?? [], ordered: r.ordered ?? [] } : undefined,
    popular: ask.popular ? (r.popular ?? []) : undefined,
  };
}

/**
 * The candidate lists of `productIds` (a product without any gets empty lists) and the set version read
 * with them; with `cardsUpTo`, also the cards of those products and of their candidates ranked up to it
 * (what a product page shows first), so a page's first read is one statement.
 */
export async function readCandidateLists(
  trx: Trx,
  tenantId: string,
  productIds: readonly string[],
  cardsUpTo = 0,
): Promise<{ version: string; lists: Map<string, ProductCandidates>; cards?: ProductCard[] }> {
  const { rows } = await sql<{ version: string; lists: ListRow[]; cards: CardRow[] | null }>`
    with l as (
      select n.product_id, n.kind, n.rank::int as rank, n.neighbour_id as id, n.score, n.reason
      from recommendation_neighbours n
      where n.tenant_id = ${tenantId} and n.product_id = any(${productIds}::uuid[])
        and n.kind in ('similar', 'bought_together', 'hybrid')
      union all
      select o.product_id, o.action, o.position::int, o.target_id, 0, 'picked for you'
      from recommendation_overrides o
      where o.tenant_id = ${tenantId} and o.product_id = any(${productIds}::uuid[])
    )
    select ${setVersion(tenantId)} as version, (select coalesce(json_agg(l), '[]') from l) as lists,
      ${
        cardsUpTo > 0
          ? sql`(select json_agg(c) from (${cardsStatement(
              tenantId,
              sql`(select id from l where rank <= ${cardsUpTo} union select unnest(${productIds}::uuid[]))`,
            )}) c)`
          : sql`null::json`
      } as cards`.execute(trx);
  const lists = new Map<string, ProductCandidates>();
  for (const id of productIds)
    lists.set(id, { pins: [], excluded: [], similar: [], bought_together: [], hybrid: [] });
  for (const r of rows[0]!.lists) {
    const entry = lists.get(r.product_id);
    if (!entry) continue;
    if (r.kind === 'exclude') entry.excluded.push(r.id);
    else {
      const c = { id: r.id, rank: r.rank, score: Number(r.score), reason: r.reason };
      if (r.kind === 'pin') entry.pins.push(c);
      else if (r.kind === 'similar' || r.kind === 'bought_together' || r.kind === 'hybrid')
        entry[r.kind].push(c);
    }
  }
  for (const e of lists.values())
    for (const l of [e.pins, e.similar, e.bought_together, e.hybrid]) l.sort((x, y) => x.rank - y.rank);
  const cards = rows[0]!.cards;
  return { version: rows[0]!.version, lists, cards: cards ? cards.map(toCard) : undefined };
}

interface ListRow {
  product_id: string;
  kind: string;
  rank: number;
  id: string;
  score: number;
  reason: string;
}

interface CardRow {
  id: string;
  handle: string;
  title: string;
  price: number | string | null;
  variant_id: string | null;
  active: boolean;
  in_stock: boolean;
}

const cardsStatement = (tenantId: string, ids: ReturnType<typeof sql>) => sql`
  select p.id, p.handle, p.title, p.min_price as price, p.status = 'active' as active, p.in_stock,
    ${defaultVariant(tenantId, sql.ref('p.id'))} as variant_id
  from products p where p.tenant_id = ${tenantId} and p.id in ${ids}`;

const toCard = (r: CardRow): ProductCard => ({
  id: r.id,
  handle: r.handle,
  title: r.title,
  price: Number(r.price),
  variantId: r.variant_id,
  active: r.active,
  inStock: r.in_stock,
});

/** The cards of `ids` that are products of this store (others are simply absent). */
export async function readCards(trx: Trx, tenantId: string, ids: readonly string[]): Promise<ProductCard[]> {
  const { rows } =
    await sql<CardRow>`${cardsStatement(tenantId, sql`(select unnest(${ids}::uuid[]))`)}`.execute(trx);
  return rows.map(toCard);
}
