/**
 * The serving cache's statements (built in serve-parts.ts) compiled once per shape and run: the state
 * read, the candidate lists (by product ids, or one product's id or handle) and the cards. Kysely built
 * and walked each statement's template on every call — the lists' template is the largest the storefront
 * sends, and a cold product page's rows fragment, a held product's stale card and every version lease
 * (once a second per store) compiled one again. A shape compiles its text once and binds each call's
 * values into the same slots (lib/db/statement-shapes; under NODE_ENV=test every call is also compiled
 * fresh and must give the same text and parameters).
 *
 * The asked kinds and depths (`ListsAsk`) shape the text itself (which kinds, whether cards come), so each
 * ask has its own shapes; asks come from a handful of constants (each surface's list sizes). Id lists go
 * in as one comma-joined text parameter (a uuid never holds a comma), so a read of any number of products
 * has one shape.
 */
import type { CompiledQuery } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import { statementShape } from '../../../lib/db/statement-shapes.js';
import {
  askedKinds,
  type CandidateLists,
  candidateListsOf,
  candidateListsQuery,
  cardsOf,
  cardsQuery,
  type ListsAsk,
  looksLikeId,
  type ProductCard,
  type ServeState,
  type ServeStateAsk,
  type StorePage,
  serveStateQuery,
  toServeState,
} from './serve-parts.js';

type Compile<I> = (trx: Trx, input: I) => CompiledQuery;

/** Asks beyond this many get no shapes of their own (compiled fresh each call, as before). */
const MAX_ASKS = 32;

const askKey = (ask: ListsAsk | undefined) =>
  ask
    ? askedKinds(ask)
        .map((k) => `${k}:${ask[k]}`)
        .join(',')
    : '-';

/** One statementShape per ask (and per variant of the statement the caller names in `variant`). */
function shapesPerAsk<I>(name: string, build: (ask: ListsAsk | undefined, variant: string) => Compile<I>) {
  const shapes = new Map<string, Compile<I>>();
  return (ask: ListsAsk | undefined, variant = ''): Compile<I> => {
    const key = `${variant}|${askKey(ask)}`;
    let shape = shapes.get(key);
    if (!shape) {
      shape = statementShape(`${name}[${key}]`, build(ask, variant));
      if (shapes.size < MAX_ASKS) shapes.set(key, shape);
    }
    return shape;
  };
}

interface StateInput {
  tenantId: string;
  cartId: string | null;
  shopper: { customerId: string | null; sessionId: string | null } | null;
  popular: boolean;
}

const stateShapes = shapesPerAsk<StateInput>(
  'recommendations.serveState',
  (historyLists) => (trx, i) =>
    serveStateQuery(i.tenantId, {
      cartId: i.cartId,
      shopper: i.shopper ?? undefined,
      popular: i.popular,
      historyLists,
    }).compile(trx),
);

/** readServeState's statement, for a caller that sends it with others in one round trip (`toServeState`). */
export function serveStateStatement(trx: Trx, tenantId: string, ask: ServeStateAsk): CompiledQuery {
  const s = ask.shopper;
  return stateShapes(ask.historyLists)(trx, {
    tenantId,
    cartId: ask.cartId ?? null,
    shopper: s ? { customerId: s.customerId, sessionId: s.sessionId } : null,
    popular: ask.popular,
  });
}

/** The store's state (serve-parts.ts's serveStateQuery) in one statement. */
export async function readServeState(trx: Trx, tenantId: string, ask: ServeStateAsk): Promise<ServeState> {
  const { rows } = await trx.executeQuery(serveStateStatement(trx, tenantId, ask));
  return toServeState(rows, ask);
}

const byRefShapes = shapesPerAsk<{ tenantId: string; ref: string }>(
  'recommendations.listsByRef',
  (ask, variant) => (trx, i) =>
    candidateListsQuery(i.tenantId, { ref: i.ref, byId: variant === 'id' }, ask ?? {}).compile(trx),
);

const byIdsShapes = shapesPerAsk<{ tenantId: string; ids: string }>(
  'recommendations.listsByIds',
  (ask) => (trx, i) => candidateListsQuery(i.tenantId, { ids: i.ids }, ask ?? {}).compile(trx),
);

/**
 * readCandidateLists's statement, for a caller that sends it with others in one round trip (a product
 * page's first view sends it with the catalog's product read); its rows map with `candidateListsOf`.
 */
export function candidateListsStatement(
  trx: Trx,
  tenantId: string,
  of: readonly string[] | { ref: string },
  ask: ListsAsk,
): CompiledQuery {
  if (!('ref' in of)) return byIdsShapes(ask)(trx, { tenantId, ids: of.join(',') });
  return byRefShapes(ask, looksLikeId(of.ref) ? 'id' : 'handle')(trx, { tenantId, ref: of.ref });
}

/** Candidate lists of some products, or of the one product an id or handle names (serve-parts.ts). */
export async function readCandidateLists(
  trx: Trx,
  tenantId: string,
  of: readonly string[] | { ref: string },
  ask: ListsAsk,
): Promise<CandidateLists> {
  const { rows } = await trx.executeQuery(candidateListsStatement(trx, tenantId, of, ask));
  return candidateListsOf(rows, ask);
}

const storePageShapes = shapesPerAsk<{ tenantId: string; after: string; limit: number }>(
  'recommendations.listsOfStorePage',
  (ask) => (trx, i) =>
    candidateListsQuery(i.tenantId, { after: i.after, limit: i.limit }, ask ?? {}).compile(trx),
);

/**
 * Candidate lists (with their first cards, as readCandidateLists) of a page of the store's active
 * products in id order: the `limit` after `after` (STORE_PAGE_START first); fewer than `limit` product
 * ids in the answer: the last page. What a process reads to hold a whole store's lists (serve-state.ts).
 */
export async function readStorePageLists(
  trx: Trx,
  tenantId: string,
  page: StorePage,
  ask: ListsAsk,
): Promise<CandidateLists> {
  const { rows } = await trx.executeQuery(storePageShapes(ask)(trx, { tenantId, ...page }));
  return candidateListsOf(rows, ask);
}

const cardShape = statementShape('recommendations.cards', (trx, i: { tenantId: string; ids: string }) =>
  cardsQuery(i.tenantId, i.ids).compile(trx),
);

/** The cards of `ids` that are products of this store (others are simply absent). */
export async function readCards(trx: Trx, tenantId: string, ids: readonly string[]): Promise<ProductCard[]> {
  const { rows } = await trx.executeQuery(cardShape(trx, { tenantId, ids: ids.join(',') }));
  return cardsOf(rows);
}
