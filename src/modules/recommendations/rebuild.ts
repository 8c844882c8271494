/**
 * A store's rebuild: read its products, orders and view sessions, run the engine (the same buildModel and
 * blend the CLIs use) and replace its neighbour and popular lists in one transaction. Also prunes shopper
 * events past the store's retention.
 */
import { type Db, withTenant } from '../../lib/db/index.js';
import { createRecommender, type Signal } from './engine/blend.js';
import { explainSimilarity } from './engine/content.js';
import { DEFAULT_OPTIONS } from './engine/defaults.js';
import { buildModel, type Model } from './engine/model.js';
import * as repo from './repository/index.js';
import { forgetServedStore } from './serve-cache.js';

const LIST_SIZE = 12;
const POPULAR_SIZE = 60;
const DAY_MS = 86_400_000;
/** Orders older than this do not count (their decay weight is negligible anyway). */
const ORDER_WINDOW_DAYS = 730;
/** An incremental build recomputes at most this share of the catalogue; beyond it, everything. */
const INCREMENTAL_SHARE = 0.3;
/** Changes are looked for from this long before the last build started (commits that raced its reads). */
const CHANGE_MARGIN_MS = 5 * 60_000;

export interface RebuildResult {
  /** What was done: every product's lists, only the affected ones', or nothing (nothing changed). */
  mode: 'full' | 'incremental' | 'unchanged';
  products: number;
  /** Products whose lists were rewritten, and (incremental) which. */
  updated: number;
  updatedIds?: string[];
  orders: number;
  events: number;
  neighbours: number;
  pruned: number;
  durationMs: number;
}

/**
 * Rebuilds one store's recommendation lists. `full`: every product's lists, and prunes events past the
 * retention. `incremental`: what changed since the last build (catalog edits, orders, views) decides
 * which products' lists are recomputed — with the same global model, so each equals what a full build at
 * the same moment gives; when the change reaches more than INCREMENTAL_SHARE of the catalogue, or there
 * was no build yet, it is a full build.
 */
export async function rebuildStore(
  db: Db,
  tenantId: string,
  now: Date,
  mode: 'full' | 'incremental' = 'full',
  opts: { incrementalShare?: number } = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const input = await withTenant(db, tenantId, async (trx) => {
    const settings = await repo.readSettings(trx, tenantId);
    const last = mode === 'incremental' ? await repo.readLastBuild(trx, tenantId) : undefined;
    const changed = last
      ? await repo.readChangedProducts(trx, tenantId, new Date(last.builtAt.getTime() - CHANGE_MARGIN_MS))
      : undefined;
    if (changed && changed.catalog.length + changed.baskets.length === 0) return undefined;
    const pruned = changed
      ? 0
      : await repo.pruneEvents(trx, tenantId, new Date(now.getTime() - settings.retentionDays * DAY_MS));
    const since = new Date(now.getTime() - ORDER_WINDOW_DAYS * DAY_MS);
    return {
      pruned,
      changed,
      items: await repo.readBuildItems(trx, tenantId),
      orders: await repo.readBuildOrders(trx, tenantId, since),
      sessions: await repo.readBuildSessions(
        trx,
        tenantId,
        new Date(now.getTime() - settings.retentionDays * DAY_MS),
      ),
    };
  });
  if (!input) {
    const durationMs = Math.round(performance.now() - started);
    return {
      mode: 'unchanged',
      products: 0,
      updated: 0,
      orders: 0,
      events: 0,
      neighbours: 0,
      pruned: 0,
      durationMs,
    };
  }
  const model = buildModel(
    { ...input, now: now.getTime(), maxAffectedShare: opts.incrementalShare ?? INCREMENTAL_SHARE },
    DEFAULT_OPTIONS,
  );
  const only = model.targets
    ? model.items.filter((_, i) => model.targets![i] === 1).map((item) => item.key)
    : undefined;
  const neighbours = listNeighbours(model);
  const popular = Array.from(model.popularOrder.slice(0, POPULAR_SIZE), (i) => ({
    productId: model.items[i]!.key,
    score: model.popularity[i]!,
    buyers: model.purchases[i]!,
  }));
  const durationMs = Math.round(performance.now() - started);
  const done = only ? 'incremental' : 'full';
  await withTenant(db, tenantId, async (trx) => {
    await repo.replaceNeighbours(trx, tenantId, neighbours, only);
    await repo.replacePopular(trx, tenantId, popular);
    await repo.recordBuild(trx, tenantId, {
      builtAt: now,
      mode: done,
      products: input.items.length,
      orders: input.orders.length,
      events: input.sessions.length,
      durationMs,
    });
  });
  // Other processes see the new version within their lease (~1 s); this one at once.
  forgetServedStore(db, tenantId);
  return {
    mode: done,
    products: input.items.length,
    updated: only ? only.length : input.items.length,
    updatedIds: only,
    orders: input.orders.length,
    events: input.sessions.length,
    neighbours: neighbours.count,
    pruned: input.pruned,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Top-k rows per product and kind, recommendable neighbours only, each with its reason. */
export function listNeighbours(model: Model): repo.NeighbourColumns {
  const targeted = model.targets ? model.targets.reduce((n, t) => n + t, 0) : model.items.length;
  const capacity = targeted * 3 * LIST_SIZE;
  const rows: repo.NeighbourColumns = {
    count: 0,
    keys: model.items.map((item) => item.key),
    products: new Int32Array(capacity),
    kinds: new Uint8Array(capacity),
    ranks: new Uint8Array(capacity),
    neighbours: new Int32Array(capacity),
    scores: new Float64Array(capacity),
    shoppers: new Int32Array(capacity),
    reasons: [],
  };
  const push = (
    i: number,
    kind: number,
    rank: number,
    j: number,
    score: number,
    shoppers: number,
    reason: string,
  ) => {
    const at = rows.count++;
    rows.products[at] = i;
    rows.kinds[at] = kind;
    rows.ranks[at] = rank;
    rows.neighbours[at] = j;
    rows.scores[at] = score;
    rows.shoppers[at] = shoppers;
    rows.reasons.push(reason);
  };
  const recommend = createRecommender(model);
  const context = [''];
  for (let i = 0; i < model.items.length; i++) {
    if (model.targets && model.targets[i] !== 1) continue;
    let rank = 0;
    for (const n of model.content.neighbours[i]!) {
      if (rank === LIST_SIZE) break;
      if (model.recommendable[n.item] === 1)
        push(i, SIMILAR, ++rank, n.item, n.score, 0, similarReason(model, i, n.item));
    }
    rank = 0;
    const bought = model.bought.neighbours[i]!;
    for (let p = 0; p < bought.length && rank < LIST_SIZE; p++) {
      const n = bought[p]!;
      if (model.recommendable[n.item] !== 1) continue;
      const shoppers = model.bought.shoppers[i]![p]!;
      push(i, BOUGHT, ++rank, n.item, n.score, shoppers, boughtReason(shoppers));
    }
    // "Viewed together" feeds the hybrid inside the model; its own rows were never served, so no longer
    // written (a quarter of a build's rows once a store has views).
    context[0] = model.items[i]!.key;
    rank = 0;
    for (const r of recommend({ context, k: LIST_SIZE }, DEFAULT_OPTIONS.weights)) {
      if (r.signal !== 'popular')
        push(i, HYBRID, ++rank, r.item, r.score, 0, reasonFor(model, i, r.item, r.signal));
    }
  }
  return rows;
}

const SIMILAR = repo.NEIGHBOUR_KINDS.indexOf('similar');
const BOUGHT = repo.NEIGHBOUR_KINDS.indexOf('bought_together');
const HYBRID = repo.NEIGHBOUR_KINDS.indexOf('hybrid');

const boughtReason = (shoppers: number) =>
  `bought together by ${shoppers} shopper${shoppers === 1 ? '' : 's'}`;

function similarReason(model: Model, a: number, b: number): string {
  const words = explainSimilarity(model.content, a, b);
  return words.length ? `similar: ${words.join(', ')}` : 'similar';
}

function reasonFor(model: Model, a: number, b: number, signal: Signal): string {
  if (signal === 'content' || signal === 'historyContent') return similarReason(model, a, b);
  if (signal === 'viewed') return 'viewed together';
  const at = model.bought.neighbours[a]!.findIndex((n) => n.item === b);
  const shoppers = at >= 0 ? model.bought.shoppers[a]![at]! : 0;
  if (shoppers > 0) return boughtReason(shoppers);
  return signal === 'shopper' ? 'bought by the same shoppers' : 'popular in this store';
}
