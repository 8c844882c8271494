/** Pricing data access: the store's pricing settings row (`pricing_settings`). */
import type { Trx } from '../../../lib/db/index.js';
import type { PricingSettings } from '../schemas.js';

export const DEFAULT_SETTINGS: PricingSettings = {
  mode: 'propose',
  marginFloorBp: 1000,
  maxStepBp: 1000,
  velocityWindowDays: 28,
};

export async function findSettings(trx: Trx, tenantId: string): Promise<PricingSettings> {
  const r = await trx
    .selectFrom('pricing_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!r) return { ...DEFAULT_SETTINGS };
  return {
    mode: r.mode,
    marginFloorBp: r.margin_floor_bp,
    maxStepBp: r.max_step_bp,
    velocityWindowDays: r.velocity_window_days,
  };
}

export async function saveSettings(trx: Trx, tenantId: string, s: PricingSettings): Promise<void> {
  const values = {
    mode: s.mode,
    margin_floor_bp: s.marginFloorBp,
    max_step_bp: s.maxStepBp,
    velocity_window_days: s.velocityWindowDays,
    updated_at: new Date(),
  };
  await trx
    .insertInto('pricing_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}
