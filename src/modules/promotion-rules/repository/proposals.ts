/** All SQL for promotion proposals. */
import { type Selectable, sql } from 'kysely';
import { isUuid, type Trx } from '../../../lib/db/index.js';
import type { PromotionProposalsTable } from '../../../lib/db/tables/promotion-rules.js';
import type { Proposal } from '../engine-types.js';

export type ProposalRow = Selectable<PromotionProposalsTable>;

/** Open proposals are replaced by each run's fresh view of the store. */
export async function supersedeOpenProposals(trx: Trx, tenantId: string, now: Date): Promise<void> {
  await trx
    .updateTable('promotion_proposals')
    .set({ status: 'superseded', decided_at: now })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .execute();
}

const CHUNK = 5000;

/**
 * Inserts a run's proposals; a re-run of the same key inserts nothing twice.
 * `approved`: an auto-applying rule's proposals are stored decided (their
 * offers start in the same transaction), not inserted open and updated.
 * One statement per 5,000 proposals, the columns passed as arrays (unnest):
 * a 10,000-variant store's run used to spend most of its time in 500-row
 * VALUES lists of 18 parameters a row.
 */
export async function insertProposals(
  trx: Trx,
  tenantId: string,
  runKey: string,
  proposals: readonly Proposal[],
  now: Date,
  status: 'open' | 'approved' = 'open',
): Promise<ProposalRow[]> {
  const out: ProposalRow[] = [];
  for (let i = 0; i < proposals.length; i += CHUNK) {
    const part = proposals.slice(i, i + CHUNK);
    const col = <T>(f: (p: Proposal) => T) => part.map(f);
    const { rows } = await sql<ProposalRow>`
      insert into promotion_proposals (tenant_id, run_key, status, created_at, decided_at,
        rule_id, variant_id, product_id, partner_product_id, discount_bp, list_price, promo_price, floor_price,
        explanation, duration_days, baseline_units, baseline_revenue, expected_units, expected_revenue)
      select ${tenantId}::uuid, ${runKey}::text, ${status}::text, ${now}::timestamptz,
             ${status === 'approved' ? now : null}::timestamptz, r.*
        from unnest(${col((p) => p.ruleId)}::uuid[], ${col((p) => p.variantId)}::uuid[],
                    ${col((p) => p.productId)}::uuid[], ${col((p) => p.partnerProductId)}::uuid[],
                    ${col((p) => p.discountBp)}::int[], ${col((p) => p.listPrice)}::bigint[],
                    ${col((p) => p.promoPrice)}::bigint[], ${col((p) => p.floorPrice)}::bigint[],
                    ${col((p) => p.explanation)}::text[], ${col((p) => p.durationDays)}::int[],
                    ${col((p) => p.baselineUnits)}::numeric[], ${col((p) => p.baselineRevenue)}::bigint[],
                    ${col((p) => p.expectedUnits)}::numeric[], ${col((p) => p.expectedRevenue)}::bigint[]) r
      on conflict (tenant_id, run_key, rule_id, variant_id) do nothing
      returning *`.execute(trx);
    out.push(...rows);
  }
  return out;
}

export function listProposalRows(trx: Trx, tenantId: string, status: ProposalRow['status'], limit = 200) {
  return trx
    .selectFrom('promotion_proposals')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', status)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The proposal, locked: approving and rejecting race with the next run's supersede. */
export function lockProposalRow(trx: Trx, tenantId: string, id: string): Promise<ProposalRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return trx
    .selectFrom('promotion_proposals')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function decideProposals(
  trx: Trx,
  tenantId: string,
  ids: readonly string[],
  status: 'approved' | 'rejected',
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('promotion_proposals')
    .set({ status, decided_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .execute();
}
