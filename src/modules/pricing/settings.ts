/**
 * Pricing settings: the store's mode (apply/propose), velocity window and
 * other knobs the engine reads, read and patched here.
 */
import type { Trx } from '../../lib/db/index.js';
import { getSettings, saveSettings } from './repository.js';
import type { PricingSettings } from './schemas.js';

export { getSettings };

export async function updateSettings(
  trx: Trx,
  tenantId: string,
  patch: Partial<PricingSettings>,
): Promise<PricingSettings> {
  const next = { ...(await getSettings(trx, tenantId)), ...patch };
  await saveSettings(trx, tenantId, next);
  return next;
}
