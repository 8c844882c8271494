/**
 * Recommendations service: serving (a product's similar / bought-together list, "for you"), shopper
 * signals (buffered), merchant overrides and rebuild requests. Routes, pages and the worker call these;
 * each opens its own tenant transaction.
 */

import { type Db, withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { QueueHub } from '../../lib/queue.js';
import { QUEUES } from '../../lib/queue-names.js';
import * as repo from './repository/index.js';
import { createSignalRecorder, type SignalRecorder } from './signals.js';

export const RECOMMENDATIONS_QUEUE = QUEUES.recommendations;

export interface RecommendedProduct {
  id: string;
  handle: string;
  title: string;
  price: number;
  currency: string;
  reason: string;
}

export interface ServeOptions {
  limit: number;
  /** Products never to return (the cart). */
  exclude?: string[];
}

/** A product's "similar" or "bought together" list; 404 when it is not an active product of this store. */
export async function getProductRecommendations(
  db: Db,
  store: { id: string; currency: string },
  idOrHandle: string,
  kind: 'similar' | 'bought_together',
  opts: ServeOptions,
): Promise<RecommendedProduct[]> {
  const rows = await withTenant(db, store.id, async (trx) => {
    const settings = await repo.readSettings(trx, store.id);
    return repo.readProductRecommendations(trx, store.id, idOrHandle, kind, {
      limit: opts.limit,
      excludeOutOfStock: settings.excludeOutOfStock,
      exclude: opts.exclude ?? [],
    });
  });
  if (!rows) throw new AppError('not_found', 'Product not found');
  return rows.map((r) => ({ ...r, currency: store.currency }));
}

/** "For you" from the shopper's recent history; popular products without one. */
export async function getForYou(
  db: Db,
  store: { id: string; currency: string },
  shopper: repo.Shopper,
  opts: ServeOptions,
): Promise<RecommendedProduct[]> {
  const rows = await withTenant(db, store.id, async (trx) => {
    const settings = await repo.readSettings(trx, store.id);
    return repo.readForYou(trx, store.id, shopper, {
      limit: opts.limit,
      excludeOutOfStock: settings.excludeOutOfStock,
      exclude: opts.exclude ?? [],
    });
  });
  return rows.map((r) => ({ ...r, currency: store.currency }));
}

const recorders = new WeakMap<Db, SignalRecorder>();

/** The process's signal buffer for this database (created on first use). */
export function signalRecorderFor(db: Db): SignalRecorder {
  let recorder = recorders.get(db);
  if (!recorder) {
    recorder = createSignalRecorder(db);
    recorders.set(db, recorder);
  }
  return recorder;
}

/** Buffers one shopper signal; no database round trip on the caller's path. */
export function recordSignal(db: Db, tenantId: string, signal: repo.SignalRow): void {
  signalRecorderFor(db).record(tenantId, signal);
}

/** Replaces a product's pins and exclusions; 404 when the product is not in this store. */
export async function setOverrides(
  db: Db,
  tenantId: string,
  idOrHandle: string,
  input: { pin: string[]; exclude: string[] },
): Promise<repo.OverrideRow[]> {
  return withTenant(db, tenantId, async (trx) => {
    const productId = await repo.findProductId(trx, tenantId, idOrHandle);
    if (!productId) throw new AppError('not_found', 'Product not found');
    const rows: repo.OverrideRow[] = [
      ...input.pin.map((targetId, position) => ({ targetId, action: 'pin' as const, position })),
      ...input.exclude
        .filter((id) => !input.pin.includes(id))
        .map((targetId) => ({
          targetId,
          action: 'exclude' as const,
          position: 0,
        })),
    ];
    await repo.replaceOverrides(trx, tenantId, productId, rows);
    return repo.readOverrides(trx, tenantId, productId);
  });
}

export async function getOverrides(
  db: Db,
  tenantId: string,
  idOrHandle: string,
): Promise<repo.OverrideRow[]> {
  return withTenant(db, tenantId, async (trx) => {
    const productId = await repo.findProductId(trx, tenantId, idOrHandle);
    if (!productId) throw new AppError('not_found', 'Product not found');
    return repo.readOverrides(trx, tenantId, productId);
  });
}

/**
 * Asks the worker to rebuild a store's lists (after a catalog import, or new orders). Requests within the
 * debounce window collapse into one job (same job id).
 */
export async function requestRebuild(hub: QueueHub, tenantId: string, now: Date, debounceMs = 60_000) {
  const slot = Math.floor(now.getTime() / debounceMs);
  await hub
    .queue(RECOMMENDATIONS_QUEUE)
    .add(
      'rebuild',
      { tenantId, mode: 'incremental' },
      { jobId: `rebuild:${tenantId}:${slot}`, delay: debounceMs },
    );
}
