/** All SQL for care_settings and care_counters (the customer-care settings' one data door). */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export interface CareSettingsRow {
  review_moderation: 'publish' | 'hold';
  review_requires_purchase: boolean;
  block_list: string[];
  review_request_days: number;
  return_window_days: number;
  first_response_hours: number;
  resolution_hours: number;
  auto_close_days: number;
}

export async function readSettingsRow(trx: Trx, tenantId: string): Promise<CareSettingsRow | undefined> {
  const { rows } = await sql<CareSettingsRow>`
    select review_moderation, review_requires_purchase, block_list, review_request_days,
      return_window_days, first_response_hours, resolution_hours, auto_close_days
    from care_settings where tenant_id = ${tenantId}`.execute(trx);
  return rows[0];
}

export async function writeSettingsRow(trx: Trx, tenantId: string, s: CareSettingsRow): Promise<void> {
  await sql`
    insert into care_settings (tenant_id, review_moderation, review_requires_purchase, block_list,
      review_request_days, return_window_days, first_response_hours, resolution_hours, auto_close_days)
    values (${tenantId}, ${s.review_moderation}, ${s.review_requires_purchase}, ${s.block_list},
      ${s.review_request_days}, ${s.return_window_days}, ${s.first_response_hours},
      ${s.resolution_hours}, ${s.auto_close_days})
    on conflict (tenant_id) do update set review_moderation = excluded.review_moderation,
      review_requires_purchase = excluded.review_requires_purchase, block_list = excluded.block_list,
      review_request_days = excluded.review_request_days, return_window_days = excluded.return_window_days,
      first_response_hours = excluded.first_response_hours, resolution_hours = excluded.resolution_hours,
      auto_close_days = excluded.auto_close_days, updated_at = now()`.execute(trx);
}

/** The next per-store number of a ticket or a return (row-locked upsert: no two callers get the same). */
export async function nextNumber(trx: Trx, tenantId: string, kind: 'ticket' | 'return'): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    insert into care_counters (tenant_id, kind, last_number) values (${tenantId}, ${kind}, 1)
    on conflict (tenant_id, kind) do update set last_number = care_counters.last_number + 1
    returning last_number as n`.execute(trx);
  return rows[0]!.n;
}
