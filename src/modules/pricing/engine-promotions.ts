/**
 * Engine step 6: promotions on the list price → the effective price (pure).
 * Stacking: the highest-priority promotion always applies; further ones only
 * while every promotion applied so far AND the next one are stackable.
 */
import { activeAt, mulBp } from './engine-math.js';
import { note, type PriceTrace, type Promotion, type VariantFacts } from './engine-types.js';

function targets(p: Promotion, facts: VariantFacts): boolean {
  return (
    p.target === 'all' ||
    (p.target === 'product' && p.targetId === facts.productId) ||
    (p.target === 'category' && p.targetId != null && p.targetId === facts.categoryId)
  );
}

export function applyPromotions(
  list: number,
  facts: VariantFacts,
  promotions: readonly Promotion[],
  now: Date,
  trace: PriceTrace,
): number {
  let price = list;
  const promos = promotions
    .filter((p) => activeAt(p, now))
    .filter((p) => targets(p, facts))
    .sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  for (let i = 0; i < promos.length; i++) {
    const p = promos[i]!;
    if (i > 0 && !(p.stackable && promos.slice(0, i).every((q) => q.stackable))) break;
    const off = p.kind === 'percentage' ? mulBp(price, p.value) : p.value;
    const after = Math.max(0, price - off);
    note(
      trace,
      'promotion',
      p.kind === 'percentage'
        ? `${p.name}: ${p.value / 100}% off`
        : { text: `${p.name}: {off} off`, amounts: { off: p.value } },
      price,
      after,
      p.id,
    );
    price = after;
  }
  return price;
}
