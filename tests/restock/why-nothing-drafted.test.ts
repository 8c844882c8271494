/** The restock page's "why nothing would be drafted" lines speak in plain singular and plural. */
import { describe, expect, it } from 'vitest';
import type { PlanItem } from '../../src/modules/restock/schemas.js';
import { whyNothingDrafted } from '../../src/web/admin/restock-plan.js';

const none: PlanItem[] = [];

describe('whyNothingDrafted', () => {
  it('one item reads as one item, many as many', () => {
    const one = whyNothingDrafted({
      toOrder: none,
      draftable: 0,
      withoutSupplier: none,
      shortHistory: 1,
      noDemand: 87,
    });
    expect(one).toEqual([
      '1 item has too little sales history to forecast, so the planner does not guess an order (import past sales, or order it by hand).',
      '87 items sold nothing in the sales history looked at: nothing to order.',
    ]);
    expect(one.join(' ')).not.toContain('item(s)');
  });
  it('says nothing when something would be drafted', () => {
    expect(
      whyNothingDrafted({ toOrder: none, draftable: 2, withoutSupplier: none, shortHistory: 3, noDemand: 0 }),
    ).toEqual([]);
  });
});
