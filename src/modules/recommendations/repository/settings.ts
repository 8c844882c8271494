/** Per-store recommendation settings (retention of shopper events, out-of-stock exclusion). */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

export interface RecommendationSettings {
  retentionDays: number;
  excludeOutOfStock: boolean;
}

export const DEFAULT_SETTINGS: RecommendationSettings = { retentionDays: 180, excludeOutOfStock: true };

export async function readSettings(trx: Trx, tenantId: string): Promise<RecommendationSettings> {
  const { rows } = await sql<{ retention_days: number; exclude_out_of_stock: boolean }>`
    select retention_days, exclude_out_of_stock from recommendation_settings
    where tenant_id = ${tenantId}`.execute(trx);
  const r = rows[0];
  return r
    ? { retentionDays: r.retention_days, excludeOutOfStock: r.exclude_out_of_stock }
    : DEFAULT_SETTINGS;
}

export async function writeSettings(trx: Trx, tenantId: string, s: RecommendationSettings): Promise<void> {
  await sql`
    insert into recommendation_settings (tenant_id, retention_days, exclude_out_of_stock)
    values (${tenantId}, ${s.retentionDays}, ${s.excludeOutOfStock})
    on conflict (tenant_id) do update set retention_days = excluded.retention_days,
      exclude_out_of_stock = excluded.exclude_out_of_stock, updated_at = now()`.execute(trx);
}
