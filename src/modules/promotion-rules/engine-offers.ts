/**
 * A line's price under the live promotions (pure): checkout, the quote, the
 * cart and the product page all price with this, so they agree. The
 * highest-priority offer applies first; further offers only while every
 * offer so far AND the next are stackable, and never more than `maxStack`.
 * Each offer keeps the price at or above its own floor (the margin floor
 * computed when it was proposed) and every price stays ≥ 1. A bundle offer
 * applies only when its partner product is in the same cart.
 */
import { discounted } from './engine-math.js';
import type { LiveOffer } from './engine-types.js';

export interface AppliedOffer {
  offerId: string;
  ruleId: string;
  /** Minor units off one unit. */
  perUnit: number;
}

export interface OfferPrice {
  price: number;
  applied: AppliedOffer[];
}

export function liveAt(o: LiveOffer, now: Date): boolean {
  const t = now.getTime();
  return o.startsAt.getTime() <= t && t < o.endsAt.getTime() && (o.maxUses == null || o.uses < o.maxUses);
}

/** The offers that may apply to a line, best first. */
export function applicableOffers(
  offers: readonly LiveOffer[],
  now: Date,
  cartProductIds: ReadonlySet<string> | null,
): LiveOffer[] {
  return offers
    .filter((o) => liveAt(o, now))
    .filter((o) => o.partnerProductId == null || (cartProductIds?.has(o.partnerProductId) ?? false))
    .sort((a, b) => b.priority - a.priority || b.discountBp - a.discountBp || a.id.localeCompare(b.id));
}

/** The unit price after the live offers; `skip` leaves out offers that could not be claimed (budget spent). */
export function priceWithOffers(
  price: number,
  offers: readonly LiveOffer[],
  maxStack: number,
  now: Date,
  cartProductIds: ReadonlySet<string> | null,
  skip: ReadonlySet<string> = new Set(),
): OfferPrice {
  const applied: AppliedOffer[] = [];
  let current = price;
  let floor = 1;
  const usable = applicableOffers(offers, now, cartProductIds).filter((o) => !skip.has(o.id));
  for (let i = 0; i < usable.length && applied.length < Math.max(1, maxStack); i++) {
    const o = usable[i]!;
    if (i > 0 && !(o.stackable && usable.slice(0, i).every((q) => q.stackable))) break;
    floor = Math.max(floor, o.floorPrice);
    const next = Math.min(current, discounted(current, o.discountBp, floor));
    if (next < current) applied.push({ offerId: o.id, ruleId: o.ruleId, perUnit: current - next });
    current = next;
  }
  return { price: current, applied };
}
