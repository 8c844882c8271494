/** All SQL for promotion proposals. */
import type { Selectable } from 'kysely';
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

/** Inserts a run's proposals; a re-run of the same key inserts nothing twice. */
export async function insertProposals(
  trx: Trx,
  tenantId: string,
  runKey: string,
  proposals: readonly Proposal[],
  now: Date,
): Promise<ProposalRow[]> {
  const out: ProposalRow[] = [];
  for (let i = 0; i < proposals.length; i += 500) {
    const rows = await trx
      .insertInto('promotion_proposals')
      .values(
        proposals.slice(i, i + 500).map((p) => ({
          tenant_id: tenantId,
          rule_id: p.ruleId,
          run_key: runKey,
          variant_id: p.variantId,
          product_id: p.productId,
          partner_product_id: p.partnerProductId,
          discount_bp: p.discountBp,
          list_price: p.listPrice,
          promo_price: p.promoPrice,
          floor_price: p.floorPrice,
          explanation: p.explanation,
          duration_days: p.durationDays,
          baseline_units: p.baselineUnits,
          baseline_revenue: p.baselineRevenue,
          expected_units: p.expectedUnits,
          expected_revenue: p.expectedRevenue,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['tenant_id', 'run_key', 'rule_id', 'variant_id']).doNothing())
      .returningAll()
      .execute();
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
