/** Restock data access: the store's restock settings row (`restock_settings`). */
import type { Trx } from '../../../lib/db/index.js';
import type { RestockSettings } from '../schemas.js';

export const DEFAULT_RESTOCK: RestockSettings = { serviceLevelBp: 9500, coverDays: 30, historyDays: 365 };

export async function findRestockSettings(trx: Trx, tenantId: string): Promise<RestockSettings> {
  const r = await trx
    .selectFrom('restock_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return r
    ? { serviceLevelBp: r.service_level_bp, coverDays: r.cover_days, historyDays: r.history_days }
    : { ...DEFAULT_RESTOCK };
}

export async function saveRestockSettings(trx: Trx, tenantId: string, s: RestockSettings): Promise<void> {
  const v = {
    service_level_bp: s.serviceLevelBp,
    cover_days: s.coverDays,
    history_days: s.historyDays,
    updated_at: new Date(),
  };
  await trx
    .insertInto('restock_settings')
    .values({ tenant_id: tenantId, ...v })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(v))
    .execute();
}
