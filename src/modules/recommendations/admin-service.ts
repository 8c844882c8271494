/**
 * The merchant's side of recommendations: the admin page's data (a product picker, what shoppers see for a
 * product, its pins and exclusions, the store's settings and last build), one-override changes and the
 * settings. Each call opens its own tenant transaction; the page and the JSON routes share the rules
 * (at most 20 pins, a product never pins or excludes itself, only this store's products).
 */
import { type Db, isUuid, withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import * as repo from './repository/index.js';
import { serveCacheFor } from './serve-cache.js';
import { getProductPageRecommendations, type RecommendedProduct } from './service.js';

export const MAX_PINS = 20;
const PICKER_SIZE = 25;

export interface MerchandisingView {
  picks: repo.ProductPick[];
  product?: repo.ProductPick;
  overrides: (repo.OverrideRow & { title: string; handle: string })[];
  served: { together: RecommendedProduct[]; similar: RecommendedProduct[] };
  settings: repo.RecommendationSettings;
  lastBuild?: { builtAt: Date };
}

/** The page's data; `productId` that is not a product of this store shows the picker only. */
export async function getMerchandising(
  db: Db,
  store: { id: string; currency: string },
  input: { productId?: string; q: string },
): Promise<MerchandisingView> {
  const base = await withTenant(db, store.id, async (trx) => {
    const product =
      input.productId && isUuid(input.productId)
        ? await repo.readProductPick(trx, store.id, input.productId)
        : undefined;
    return {
      product,
      picks: await repo.searchProducts(trx, store.id, input.q.trim().slice(0, 100), PICKER_SIZE),
      overrides: product ? await repo.readOverrideDetails(trx, store.id, product.id) : [],
      settings: await repo.readSettings(trx, store.id),
      lastBuild: await repo.readLastBuild(trx, store.id),
    };
  });
  const served =
    base.product?.status === 'active'
      ? await getProductPageRecommendations(db, store, base.product.id, { similar: 8, together: 4 })
      : { together: [], similar: [] };
  return { ...base, served };
}

export type OverrideChange = 'pin' | 'exclude' | 'remove';

/** Pins, excludes or frees one target for a product (a pin goes last; pinning an excluded target frees it). */
export async function changeOverride(
  db: Db,
  tenantId: string,
  productId: string,
  change: OverrideChange,
  targetId: string,
): Promise<void> {
  if (!isUuid(productId) || !isUuid(targetId)) throw new AppError('not_found', 'Product not found');
  await withTenant(db, tenantId, async (trx) => {
    const product = await repo.readProductPick(trx, tenantId, productId);
    const target = await repo.readProductPick(trx, tenantId, targetId);
    if (!product || !target) throw new AppError('not_found', 'Product not found');
    if (productId === targetId) {
      throw new AppError('validation_failed', 'A product cannot recommend itself', {
        issues: [{ path: 'target', message: 'Choose another product' }],
      });
    }
    const current = await repo.readOverrides(trx, tenantId, productId);
    const others = current.filter((o) => o.targetId !== targetId);
    const pins = others.filter((o) => o.action === 'pin').map((o) => o.targetId);
    const excludes = others.filter((o) => o.action === 'exclude').map((o) => o.targetId);
    if (change === 'pin') pins.push(targetId);
    if (change === 'exclude') excludes.push(targetId);
    if (pins.length > MAX_PINS) {
      throw new AppError('validation_failed', `At most ${MAX_PINS} pinned products`, {
        issues: [{ path: 'target', message: `Unpin one first (at most ${MAX_PINS})` }],
      });
    }
    await repo.replaceOverrides(trx, tenantId, productId, [
      ...pins.map((id, position) => ({ targetId: id, action: 'pin' as const, position })),
      ...excludes.map((id) => ({ targetId: id, action: 'exclude' as const, position: 0 })),
    ]);
  });
  serveCacheFor(db).forget(tenantId);
}

export interface SettingsInput {
  retentionDays: string;
  excludeOutOfStock: boolean;
}

/** Saves the settings; a retention outside 1–3650 whole days is a validation error naming the field. */
export async function updateSettings(db: Db, tenantId: string, input: SettingsInput): Promise<void> {
  const days = /^\d{1,4}$/.test(input.retentionDays.trim()) ? Number(input.retentionDays) : Number.NaN;
  if (!(days >= 1 && days <= 3650)) {
    throw new AppError('validation_failed', 'Retention must be between 1 and 3650 days', {
      issues: [{ path: 'retentionDays', message: 'Enter a whole number of days between 1 and 3650' }],
    });
  }
  await withTenant(db, tenantId, (trx) =>
    repo.writeSettings(trx, tenantId, { retentionDays: days, excludeOutOfStock: input.excludeOutOfStock }),
  );
  serveCacheFor(db).forget(tenantId);
}
