/**
 * Proposals → live promotions (offers): the merchant approves (optionally
 * editing the discount and length), rejects, or the rule auto-applies. An
 * approved proposal starts an offer now for its length; checkout honours it
 * (./live-prices.ts). Services own their transaction; `startOffer` runs in
 * the caller's (the proposal run's, for auto-apply).
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { auditStoreAction, type StoreActor } from '../audit/service.js';
import { DAY_MS, pct } from './engine-math.js';
import type { PromoRule } from './engine-types.js';
import { variantLabels } from './repository/facts.js';
import { insertBulkOfferRows, insertOfferRows, listOfferRows, type OfferRow } from './repository/offers.js';
import {
  decideProposals,
  listProposalRows,
  lockProposalRow,
  type ProposalRow,
} from './repository/proposals.js';
import { findRuleRow, listRuleRows } from './repository/rules.js';
import type { ApproveProposalInput, OfferOut, ProposalOut } from './schemas.js';
import { toRule } from './service.js';

/** The offer row a proposal starts (`edit` = the merchant's changes). */
function offerRowOf(
  tenantId: string,
  p: ProposalRow,
  rule: PromoRule,
  now: Date,
  edit: ApproveProposalInput,
) {
  const days = edit.durationDays ?? p.duration_days;
  return {
    tenant_id: tenantId,
    rule_id: p.rule_id,
    proposal_id: p.id,
    variant_id: p.variant_id,
    product_id: p.product_id,
    partner_product_id: p.partner_product_id,
    discount_bp: edit.discountBp ?? p.discount_bp,
    // The floor computed at proposal time holds whatever the merchant edits.
    floor_price: p.floor_price,
    priority: rule.priority,
    stackable: rule.stackable,
    starts_at: now,
    ends_at: new Date(now.getTime() + days * DAY_MS),
    max_uses: null,
    baseline_units: Number(p.baseline_units),
    baseline_revenue: p.baseline_revenue,
    created_at: now,
  };
}

/** Starts the live promotion a proposal describes. */
export async function startOffer(
  trx: Trx,
  tenantId: string,
  p: ProposalRow,
  rule: PromoRule,
  now: Date,
  edit: ApproveProposalInput,
): Promise<OfferRow> {
  const [row] = await insertOfferRows(trx, [offerRowOf(tenantId, p, rule, now, edit)]);
  await decideProposals(trx, tenantId, [p.id], 'approved', now);
  return row!;
}

/** Auto-apply: every proposal of the rule starts at once, in chunked statements. */
/**
 * An auto-applying rule's run: its proposals (stored already approved, see
 * insertProposals) start their offers now, in bulk.
 */
export async function startOffers(
  trx: Trx,
  tenantId: string,
  ps: readonly ProposalRow[],
  rule: PromoRule,
  now: Date,
) {
  await insertBulkOfferRows(
    trx,
    tenantId,
    rule,
    ps.map((p) => offerRowOf(tenantId, p, rule, now, {})),
    now,
  );
}

export const approveProposal = (
  db: Db,
  tenantId: string,
  id: string,
  edit: ApproveProposalInput,
  now: Date,
  actor: StoreActor,
): Promise<OfferOut> =>
  withTenant(db, tenantId, async (trx) => {
    const p = await lockProposalRow(trx, tenantId, id);
    if (!p) throw notFound('Proposal');
    if (p.status !== 'open') throw new AppError('invalid_state', `This proposal is already ${p.status}`);
    const ruleRow = await findRuleRow(trx, tenantId, p.rule_id);
    if (!ruleRow) throw notFound('Promotion rule');
    const offer = await startOffer(trx, tenantId, p, toRule(ruleRow), now, edit);
    await auditStoreAction(trx, tenantId, actor, 'promotion_proposal.approved', {
      summary: `Approved a −${pct(offer.discount_bp)} promotion from “${ruleRow.name}” for ${edit.durationDays ?? p.duration_days} days`,
      targetType: 'promotion_offer',
      targetId: offer.id,
    });
    return (await toOffersOut(trx, tenantId, [offer]))[0]!;
  });

export const rejectProposal = (db: Db, tenantId: string, id: string, now: Date, actor: StoreActor) =>
  withTenant(db, tenantId, async (trx) => {
    const p = await lockProposalRow(trx, tenantId, id);
    if (!p) throw notFound('Proposal');
    if (p.status !== 'open') throw new AppError('invalid_state', `This proposal is already ${p.status}`);
    await decideProposals(trx, tenantId, [id], 'rejected', now);
    await auditStoreAction(trx, tenantId, actor, 'promotion_proposal.rejected', {
      summary: `Rejected a −${pct(p.discount_bp)} promotion proposal`,
      targetType: 'promotion_proposal',
      targetId: id,
    });
  });

async function ruleNames(trx: Trx, tenantId: string) {
  return new Map((await listRuleRows(trx, tenantId)).map((r) => [r.id, r.name]));
}

/** Rule names and variant labels for a list of proposal or offer rows. */
async function namesFor(trx: Trx, tenantId: string, rows: readonly { variant_id: string }[]) {
  const [names, labels] = await Promise.all([
    ruleNames(trx, tenantId),
    variantLabels(trx, tenantId, [...new Set(rows.map((r) => r.variant_id))]),
  ]);
  return { names, labels };
}

export async function toProposalsOut(
  trx: Trx,
  tenantId: string,
  rows: ProposalRow[],
): Promise<ProposalOut[]> {
  const { names, labels } = await namesFor(trx, tenantId, rows);
  return rows.map((r) => ({
    id: r.id,
    ruleId: r.rule_id,
    ruleName: names.get(r.rule_id) ?? '',
    variantId: r.variant_id,
    productId: r.product_id,
    sku: labels.get(r.variant_id)?.sku ?? '',
    productTitle: labels.get(r.variant_id)?.title ?? '',
    partnerProductId: r.partner_product_id,
    discountBp: r.discount_bp,
    listPrice: r.list_price,
    promoPrice: r.promo_price,
    floorPrice: r.floor_price,
    explanation: r.explanation,
    durationDays: r.duration_days,
    baselineUnits: Number(r.baseline_units),
    baselineRevenue: r.baseline_revenue,
    expectedUnits: Number(r.expected_units),
    expectedRevenue: r.expected_revenue,
    status: r.status,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function toOffersOut(trx: Trx, tenantId: string, rows: OfferRow[]): Promise<OfferOut[]> {
  const { names, labels } = await namesFor(trx, tenantId, rows);
  return rows.map((r) => ({
    id: r.id,
    ruleId: r.rule_id,
    ruleName: names.get(r.rule_id) ?? '',
    variantId: r.variant_id,
    productId: r.product_id,
    sku: labels.get(r.variant_id)?.sku ?? '',
    productTitle: labels.get(r.variant_id)?.title ?? '',
    discountBp: r.discount_bp,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    status: r.status,
    endedReason: r.ended_reason,
    units: r.units,
    revenue: r.revenue,
    discountGiven: r.discount_given,
    margin: r.revenue - r.cost_total,
    baselineUnits: Number(r.baseline_units),
    baselineRevenue: r.baseline_revenue,
  }));
}

export const listProposals = (db: Db, tenantId: string, status: ProposalRow['status'] = 'open') =>
  withTenant(db, tenantId, async (trx) =>
    toProposalsOut(trx, tenantId, await listProposalRows(trx, tenantId, status)),
  );

export const listOffers = (db: Db, tenantId: string, status: 'active' | 'ended' | null = null) =>
  withTenant(db, tenantId, async (trx) =>
    toOffersOut(trx, tenantId, await listOfferRows(trx, tenantId, status)),
  );
