/**
 * Prices under the promotions live at this moment, for checkout (claims), the
 * quote, the cart and the product page (previews). Both price with the same
 * pure ./engine-offers.ts over the same reads, so a preview and a checkout
 * at the same moment agree; a promotion that ended in between simply is not
 * there at checkout (the shopper pays the price without it and is told so).
 *
 * Checkout claims in the flow's transaction, in variant-id order: for each
 * applied offer, the rule's budget (a guarded upsert: spent + amount ≤ cap)
 * then the offer's use (guarded: uses < max_uses). A failed claim drops that
 * offer and every offer stacked after it on that line; the ones before it
 * stay exactly as claimed (each is computed from the price before it).
 */
import { pipelinedStatements, type Trx } from '../../lib/db/index.js';
import { type LiveOffer, lowStockThresholdOf } from './engine.js';
import { budgetPeriodStart, inForce } from './engine-math.js';
import { type AppliedOffer, priceWithOffers } from './engine-offers.js';
import {
  claimBudget,
  claimOfferUse,
  isLiveOfferRow,
  type OfferRow,
  offerRowsAt,
} from './repository/offers.js';
import { type RuleRow, rulesAndSettingsQueries, type SettingsRow } from './repository/rules.js';
import { toRule } from './service.js';

export interface PromoLine {
  variantId: string;
  productId: string;
  price: number;
  cost: number | null;
  quantity: number;
  available: number;
}

export interface LinePromotion {
  variantId: string;
  listPrice: number;
  price: number;
  applied: AppliedOffer[];
  /** The earliest end among the applied offers. */
  endsAt: Date | null;
  /** Checkout only: offers live at this moment that could not be claimed (budget or usage limit spent). */
  missed?: { offerId: string; ruleId: string; discountBp: number; reason: 'budget' | 'limit' }[];
}

const toLive = (o: OfferRow): LiveOffer => ({
  id: o.id,
  ruleId: o.rule_id,
  variantId: o.variant_id,
  partnerProductId: o.partner_product_id,
  discountBp: o.discount_bp,
  floorPrice: o.floor_price,
  priority: o.priority,
  stackable: o.stackable,
  startsAt: o.starts_at,
  endsAt: o.ends_at,
  maxUses: o.max_uses,
  uses: o.uses,
});

/** The live offers' pricing context (null: none live); `rows` are what offerRowsAt read. */
async function context(trx: Trx, tenantId: string, lines: readonly PromoLine[], now: Date, rows: OfferRow[]) {
  const offers = rows.filter((o) => isLiveOfferRow(o, now));
  if (offers.length === 0) return null;
  const [ruleRows, settingsRows] = await pipelinedStatements(trx, rulesAndSettingsQueries(trx, tenantId));
  const rules = (ruleRows as RuleRow[]).map(toRule);
  const settings = (settingsRows as SettingsRow[] | undefined)?.[0];
  const liveRules = new Map(rules.filter((r) => r.active && inForce(r, now)).map((r) => [r.id, r]));
  const byVariant = new Map<string, LiveOffer[]>();
  for (const o of offers) {
    if (!liveRules.has(o.rule_id)) continue;
    byVariant.set(o.variant_id, [...(byVariant.get(o.variant_id) ?? []), toLive(o)]);
  }
  return {
    byVariant,
    rules: liveRules,
    maxStack: settings?.max_stack ?? 2,
    threshold: lowStockThresholdOf(rules, now),
    cartProducts: new Set(lines.map((l) => l.productId)),
  };
}

function endOf(offers: readonly LiveOffer[], applied: readonly AppliedOffer[]): Date | null {
  const ends = applied.map((a) => offers.find((o) => o.id === a.offerId)!.endsAt.getTime());
  return ends.length ? new Date(Math.min(...ends)) : null;
}

type Ctx = Awaited<ReturnType<typeof context>>;

const variantIdsOf = (lines: readonly PromoLine[]) => [...new Set(lines.map((l) => l.variantId))];

/** A line's offers and its price under them (none below the low-stock threshold). */
function priceLine(ctx: Ctx, l: PromoLine, now: Date) {
  const offers = ctx?.byVariant.get(l.variantId) ?? [];
  const usable = ctx && l.available >= ctx.threshold ? offers : [];
  return { offers, ...priceWithOffers(l.price, usable, ctx?.maxStack ?? 1, now, ctx?.cartProducts ?? null) };
}

/** True when any of these offer rows (checkout's opening read) is live at `now`: only then can a price change. */
export const anyLiveOffer = (rows: readonly OfferRow[], now: Date) =>
  rows.some((o) => isLiveOfferRow(o, now));

/** Each line's price under the live promotions now; changes nothing. */
export async function previewLinePromotions(
  trx: Trx,
  tenantId: string,
  lines: readonly PromoLine[],
  now: Date,
): Promise<Map<string, LinePromotion>> {
  const out = new Map<string, LinePromotion>();
  const rows = await offerRowsAt(trx, tenantId, variantIdsOf(lines), now);
  const ctx = await context(trx, tenantId, lines, now, rows);
  for (const l of lines) {
    const { offers, ...r } = priceLine(ctx, l, now);
    out.set(l.variantId, {
      variantId: l.variantId,
      listPrice: l.price,
      ...r,
      endsAt: endOf(offers, r.applied),
    });
  }
  return out;
}

/**
 * Checkout: prices each line and claims budgets and uses (see the module doc).
 * `ended` are the non-bundle offers on these lines that ended in
 * (endedSince, now] — read in the same statement as the live ones — for the
 * order's notes (./order-notes.ts).
 */
export async function claimLinePromotions(
  trx: Trx,
  tenantId: string,
  lines: readonly PromoLine[],
  at: { now: Date; endedSince: Date },
): Promise<{ prices: Map<string, LinePromotion>; ended: OfferRow[] }> {
  const rows = await offerRowsAt(trx, tenantId, variantIdsOf(lines), at.now, at.endedSince);
  return claimOfferRows(trx, tenantId, lines, rows, at.now);
}

/**
 * claimLinePromotions over offer rows already read — checkout reads them in
 * its first round trip (repository cartOfferRowsQuery: the same rows as
 * offerRowsAt with the cart's last change as `endedSince`). With no live
 * offer on the lines this runs no statement at all.
 */
export async function claimOfferRows(
  trx: Trx,
  tenantId: string,
  lines: readonly PromoLine[],
  rows: OfferRow[],
  now: Date,
): Promise<{ prices: Map<string, LinePromotion>; ended: OfferRow[] }> {
  const out = new Map<string, LinePromotion>();
  const ctx = await context(trx, tenantId, lines, now, rows);
  const sorted = [...lines].sort((a, b) => a.variantId.localeCompare(b.variantId));
  for (const l of sorted) {
    // `available` is what was left before this order's reservation.
    const { offers, ...r } = priceLine(ctx, l, now);
    const kept: AppliedOffer[] = [];
    let failed: 'budget' | 'limit' | null = null;
    for (const a of r.applied) {
      const rule = ctx!.rules.get(a.ruleId)!;
      const amount = a.perUnit * l.quantity;
      const period = budgetPeriodStart(now, rule.budgetPeriodDays, rule.budgetPeriod);
      if (
        rule.budgetCap != null &&
        !(await claimBudget(trx, tenantId, rule.id, period, amount, rule.budgetCap))
      ) {
        failed = 'budget';
        break;
      }
      const price = l.price - kept.reduce((s, k) => s + k.perUnit, 0) - a.perUnit;
      const sale = {
        units: l.quantity,
        revenue: price * l.quantity,
        discount: amount,
        cost: (l.cost ?? 0) * l.quantity,
      };
      if (!(await claimOfferUse(trx, tenantId, a.offerId, sale))) {
        failed = 'limit';
        break;
      }
      kept.push(a);
    }
    const price = l.price - kept.reduce((s, k) => s + k.perUnit, 0);
    const reason = failed;
    out.set(l.variantId, {
      variantId: l.variantId,
      listPrice: l.price,
      price,
      applied: kept,
      endsAt: endOf(offers, kept),
      missed: reason
        ? r.applied.slice(kept.length).map((a) => ({
            offerId: a.offerId,
            ruleId: a.ruleId,
            discountBp: offers.find((o) => o.id === a.offerId)!.discountBp,
            reason,
          }))
        : [],
    });
  }
  return { prices: out, ended: rows.filter((o) => !isLiveOfferRow(o, now)) };
}
