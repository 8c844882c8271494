/**
 * The serving cache's reads (serve-cache.ts): small, indexed statements whose results the cache keeps and
 * composes in memory, so a warm request needs at most one of them.
 *   - readServeState: the store's set version, its out-of-stock setting, the cart's products, and (when
 *     asked) the shopper's recent products and the popular list — one statement;
 *   - readCandidateLists: the built lists (every kind but viewed-together) and the merchant's pins and
 *     exclusions of some products — what changes only with the set version;
 *   - readCards: what a served row shows of a product (handle, title, price, one-click variant) and
 *     whether it may be served (active, in stock) — catalog facts, kept only seconds.
 * This file builds the statements and maps their rows; serve-statements.ts compiles each once per shape
 * and runs them.
 */
import { sql } from 'kysely';
import { defaultVariant, inCart } from './serve-reads.js';
import { setVersion } from './serve-version.js';

/** A ranked candidate: its id, where it comes from (`kind`) and its rank there. */
export interface Candidate {
  id: string;
  rank: number;
  score: number;
  reason: string;
}

/** The built list kinds a surface serves from (viewed-together is never served). */
export type ListKind = 'similar' | 'bought_together' | 'hybrid';

/**
 * Which kinds a read brings (the keys) and, for each, how deep its candidates' cards come with it
 * (0: none). A surface asks for the kinds it shows only: the product page "similar" and "bought
 * together", "for you" "hybrid", the cart "bought together" and "hybrid". The merchant's pins and
 * exclusions come with every read; the pins' cards as deep as the deepest kind's.
 */
export type ListsAsk = Partial<Record<ListKind, number>>;

const LIST_KINDS: readonly ListKind[] = ['similar', 'bought_together', 'hybrid'];

/** The kinds an ask reads, in a fixed order (one statement text per set of kinds). */
export const askedKinds = (ask: ListsAsk): ListKind[] => LIST_KINDS.filter((k) => ask[k] !== undefined);

export interface ProductCandidates {
  /** The kinds read: a kind not in it was not read (its list is empty for that reason only). */
  kinds: readonly ListKind[];
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
  /** Only when asked (`historyLists`): the candidate lists of the history's products, and cards. */
  historyLists?: CandidateLists;
  /** Only when asked: the store's popular products in rank order. */
  popular?: string[];
}

/** Candidate lists read together, the set version they belong to and (when asked) cards. */
export interface CandidateLists {
  version: string;
  /** The products whose lists these are (every asked one that is a product of this store). */
  productIds: string[];
  lists: Map<string, ProductCandidates>;
  cards?: ProductCard[];
}

export interface ServeStateAsk {
  cartId?: string | null;
  shopper?: { customerId: string | null; sessionId: string | null };
  popular: boolean;
  historyLists?: ListsAsk;
}

/** The id lists come comma-separated (see idList). */
type ServeStateRow = {
  exclude_oos: boolean | null;
  cart: string | null;
  recent: string | null;
  ordered: string | null;
  popular: string | null;
} & PartsRow;

/**
 * An id list the statement sent as `array_to_string(uuid[], ',')`: node-postgres parses a `uuid[]` one
 * character at a time with an object per character (~40 kB of garbage and ~0.1 ms for the store's 60
 * popular products, read with every version lease); a uuid never holds a comma, so a split is exact.
 */
const idList = (joined: string | null): string[] => (joined ? joined.split(',') : []);

/**
 * The store's state in one statement (readServeState); history and popular only when asked (`shopper`,
 * `popular`). With `historyLists`, the history's products' candidate lists (and their first cards, up to
 * that rank) come in it too, so a shopper's first "for you" is usually this one statement. Its rows map
 * with `toServeState`. Every input value goes in as a parameter, unchanged (compiled once per shape).
 */
export function serveStateQuery(tenantId: string, ask: ServeStateAsk) {
  const s = ask.shopper;
  const withLists = s !== undefined && ask.historyLists !== undefined;
  return sql<ServeStateRow>`
    with h as (select ${
      s
        ? sql`array(select product_id from recommendation_events
            where tenant_id = ${tenantId}
              and (customer_id = ${s.customerId}::uuid or session_id = ${s.sessionId}::text)
            group by product_id order by max(occurred_at) desc limit 20)`
        : sql`null::uuid[]`
    } as recent, ${
      s?.customerId
        ? sql`array(select l.product_id from orders o
            join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
            where o.tenant_id = ${tenantId} and o.customer_id = ${s.customerId}::uuid
              and l.product_id is not null
            group by l.product_id order by max(o.placed_at) desc limit 20)`
        : sql`null::uuid[]`
    } as ordered)${
      withLists
        ? sql`, ${partsCtes(
            tenantId,
            sql`select distinct unnest(coalesce(h.recent, '{}') || coalesce(h.ordered, '{}')) as id from h`,
            ask.historyLists ?? {},
          )}`
        : sql``
    }
    select ${setVersion(tenantId)} as version,
      (select st.exclude_out_of_stock from recommendation_settings st where st.tenant_id = ${tenantId})
        as exclude_oos,
      ${ask.cartId ? sql`array_to_string(array${inCart(tenantId, ask.cartId)}, ',')` : sql`null::text`} as cart,
      array_to_string(h.recent, ',') as recent, array_to_string(h.ordered, ',') as ordered,
      ${
        ask.popular
          ? sql`array_to_string(array(select product_id from recommendation_popular where tenant_id = ${tenantId}
              order by rank), ',')`
          : sql`null::text`
      } as popular,
      ${withLists ? partsColumns(tenantId, ask.historyLists ?? {}) : sql`null::text as ids, null::json as lists, null::json as cards`}
    from h`;
}

/** serveStateQuery's rows as readServeState returns them. */
export function toServeState(rows: readonly unknown[], ask: ServeStateAsk): ServeState {
  const r = rows[0] as ServeStateRow;
  const withLists = ask.shopper !== undefined && ask.historyLists !== undefined;
  return {
    version: r.version,
    excludeOutOfStock: r.exclude_oos ?? true,
    cart: idList(r.cart),
    history: ask.shopper ? { recent: idList(r.recent), ordered: idList(r.ordered) } : undefined,
    historyLists: withLists ? toCandidateLists(r, ask.historyLists ?? {}) : undefined,
    popular: ask.popular ? idList(r.popular) : undefined,
  };
}

/**
 * The candidate lists of the kinds `ask` names of some products (a product without any gets empty lists)
 * and the set version read with them; also the cards of those products and of their candidates ranked up
 * to each kind's depth (what a page shows first), so a page's first read is one statement. `of` is product
 * ids (comma-joined: see idList), or one product's id or handle (`ref`, `byId` when it has a uuid's form;
 * an id match wins over a handle match, as the catalog's read does) — resolved in the same statement, so
 * a page can start it before its own product read returns. Its rows map with `candidateListsOf`. Every
 * input value goes in as a parameter, unchanged (compiled once per shape: serve-statements.ts).
 */
export function candidateListsQuery(
  tenantId: string,
  of: { ids: string } | { ref: string; byId: boolean } | StorePage,
  ask: ListsAsk,
) {
  const ids =
    'ids' in of
      ? sql`select unnest(string_to_array(${of.ids}, ',')::uuid[]) as id`
      : 'after' in of
        ? storePage(tenantId, of)
        : productByRef(tenantId, of);
  return sql<PartsRow>`
    with ${partsCtes(tenantId, ids, ask)}
    select ${setVersion(tenantId)} as version, ${partsColumns(tenantId, ask)}`;
}

export const candidateListsOf = (rows: readonly unknown[], ask: ListsAsk): CandidateLists =>
  toCandidateLists(rows[0] as PartsRow, ask);

/** A page of the store's active products in id order: the `limit` after id `after` (a uuid). */
export interface StorePage {
  after: string;
  limit: number;
}

/** The first id of a store's pages (no product id sorts before it). */
export const STORE_PAGE_START = '00000000-0000-0000-0000-000000000000';

/** The store's next page of active products, by the products' primary key (tenant_id, id). */
const storePage = (tenantId: string, { after, limit }: StorePage) =>
  sql`select id from products where tenant_id = ${tenantId} and status = 'active' and id > ${after}::uuid
    order by id limit ${limit}::int`;

/** Whether a product reference has a uuid's form (it may then be an id, else only a handle). */
export const looksLikeId = (ref: string) => UUID.test(ref);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The product with this id, else the one with this handle (any status: the card says if it serves). */
const productByRef = (tenantId: string, { ref, byId }: { ref: string; byId: boolean }) =>
  byId
    ? sql`select id from products where tenant_id = ${tenantId}
        and (id = ${ref}::uuid or handle = ${ref}::citext) order by id = ${ref}::uuid desc limit 1`
    : sql`select id from products where tenant_id = ${tenantId} and handle = ${ref}::citext limit 1`;

/**
 * The CTEs `ids` (the products, from `idsSelect`) and `l` (their lists of the asked kinds and the
 * merchant's overrides). `= any(array(...))`: the ids are computed once and each table is searched by its
 * index with them (an `in (select ...)` may be planned as a join over the store's whole neighbour table).
 * The kinds are literals from a closed set: the planner sees them, one statement text per set of kinds.
 */
const partsCtes = (tenantId: string, idsSelect: ReturnType<typeof sql>, ask: ListsAsk) => {
  const kinds = askedKinds(ask);
  const neighbours = kinds.length
    ? sql`
    select n.product_id, n.kind, n.rank::int as rank, n.neighbour_id as id, n.score, n.reason
    from recommendation_neighbours n
    where n.tenant_id = ${tenantId} and n.product_id = any(array(select id from ids))
      and n.kind in (${sql.join(kinds.map((k) => sql.lit(k)))})
    union all`
    : sql``;
  return sql`
  ids as materialized (${idsSelect}),
  l as (${neighbours}
    select o.product_id, o.action, o.position::int, o.target_id, 0, 'picked for you'
    from recommendation_overrides o
    where o.tenant_id = ${tenantId} and o.product_id = any(array(select id from ids))
  )`;
};

/**
 * The columns `ids`, `lists` and (when some kind's depth is above 0) `cards` over partsCtes's CTEs: the
 * products' own cards and those of each asked kind's candidates up to its depth, and of the pins up to
 * the deepest (the merchant's exclusions need none). Lists with fewer candidates in all than that depth
 * are filled from the store's popular products: as many of those as they lack come too (none for a
 * product with full lists; a list short while another is long may still need one card read later).
 */
function partsColumns(tenantId: string, ask: ListsAsk) {
  const kinds = askedKinds(ask);
  const deepest = Math.max(0, ...kinds.map((k) => ask[k] ?? 0));
  const depth = sql`case l.kind ${sql.join(
    kinds.map((k) => sql`when ${sql.lit(k)} then ${ask[k] ?? 0}::int`),
    sql` `,
  )} when 'pin' then ${deepest}::int else -1 end`;
  return sql`array_to_string(array(select id from ids), ',') as ids, (select coalesce(json_agg(l), '[]') from l) as lists, ${
    deepest > 0
      ? sql`(select json_agg(c) from (${cardsStatement(
          tenantId,
          sql`(select l.id from l where l.rank <= ${depth} union select id from ids
            union select pp.product_id from recommendation_popular pp where pp.tenant_id = ${tenantId}
              and pp.rank <= ${deepest}::int - (select count(distinct l.id) from l where l.kind <> 'exclude'))`,
        )}) c)`
      : sql`null::json`
  } as cards`;
}

interface PartsRow {
  version: string;
  /** Comma-separated (see idList). */
  ids: string | null;
  lists: ListRow[] | null;
  cards: CardRow[] | null;
}

function toCandidateLists(r: PartsRow, ask: ListsAsk): CandidateLists {
  const productIds = idList(r.ids);
  const kinds = askedKinds(ask);
  const lists = new Map<string, ProductCandidates>();
  for (const id of productIds)
    lists.set(id, { kinds, pins: [], excluded: [], similar: [], bought_together: [], hybrid: [] });
  for (const row of r.lists ?? []) {
    const entry = lists.get(row.product_id);
    if (!entry) continue;
    if (row.kind === 'exclude') entry.excluded.push(row.id);
    else {
      const c = { id: row.id, rank: row.rank, score: Number(row.score), reason: row.reason };
      if (row.kind === 'pin') entry.pins.push(c);
      else if (kinds.includes(row.kind as ListKind)) entry[row.kind as ListKind].push(c);
    }
  }
  for (const e of lists.values())
    for (const l of [e.pins, e.similar, e.bought_together, e.hybrid]) l.sort((x, y) => x.rank - y.rank);
  return { version: r.version, productIds, lists, cards: r.cards ? r.cards.map(toCard) : undefined };
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
  select p.id, p.handle::text as handle, p.title, p.min_price as price, p.status = 'active' as active,
    p.in_stock, ${defaultVariant(tenantId, sql.ref('p.id'))} as variant_id
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

/** The cards of the products in `ids` (comma-joined) that are products of this store (others are absent). */
export const cardsQuery = (tenantId: string, ids: string) =>
  sql<CardRow>`${cardsStatement(tenantId, sql`(select unnest(string_to_array(${ids}, ',')::uuid[]))`)}`;

export const cardsOf = (rows: readonly unknown[]): ProductCard[] => (rows as CardRow[]).map(toCard);
