/**
 * Pricing settings: the store's mode (apply/propose), velocity window and
 * other knobs the engine reads, read and patched here.
 */
import type { Trx } from '../../lib/db/index.js';
import { findSettings, saveSettings } from './repository/settings.js';
import type { PricingSettings } from './schemas.js';

export async function getSettings(trx: Trx, tenantId: string): Promise<PricingSettings> {
  return findSettings(trx, tenantId);
}

export async function updateSettings(
  trx: Trx,
  tenantId: string,
  patch: Partial<PricingSettings>,
): Promise<PricingSettings> {
  const next = { ...(await findSettings(trx, tenantId)), ...patch };
  await saveSettings(trx, tenantId, next);
  return next;
}
