/** Restock arithmetic (pure): z, rounding, safety stock and the quantile-based reorder point. */
import { describe, expect, it } from 'vitest';
import { normalQuantile, planRestock, roundOrderQuantity } from '../../src/modules/restock/plan.js';

describe('restock arithmetic', () => {
  it('computes z for common service levels', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.6449, 3);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 6);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263, 3);
  });

  it('rounds the order up to the MOQ and whole packs', () => {
    expect(roundOrderQuantity(0, 10, 6)).toBe(0);
    expect(roundOrderQuantity(3.2, 10, 6)).toBe(12); // MOQ 10 → 2 packs of 6
    expect(roundOrderQuantity(25, 10, 6)).toBe(30);
    expect(roundOrderQuantity(24, 1, 6)).toBe(24);
  });

  it('safety stock, reorder point and order quantity from the forecast', () => {
    const r = planRestock({
      forecast: new Array(40).fill(10),
      sigma: 4,
      available: 50,
      onOrder: 0,
      serviceLevelBp: 9500,
      coverDays: 30,
      terms: { leadTimeDays: 9, moq: 100, packSize: 25 },
    });
    // ss = ceil(1.645 × 4 × 3) = 20; ROP = 90 + 20 = 110; need = 390 + 20 − 50 = 360 → 375 (packs of 25)
    expect(r).toEqual({ meanDaily: 10, safetyStock: 20, reorderPoint: 110, orderQuantity: 375 });
    const enough = planRestock({
      forecast: new Array(40).fill(10),
      sigma: 4,
      available: 100,
      onOrder: 20,
      serviceLevelBp: 9500,
      coverDays: 30,
      terms: { leadTimeDays: 9, moq: 1, packSize: 1 },
    });
    expect(enough.orderQuantity).toBe(0);
    const none = planRestock({
      forecast: new Array(40).fill(0),
      sigma: 0,
      available: 0,
      onOrder: 0,
      serviceLevelBp: 9500,
      coverDays: 30,
      terms: { leadTimeDays: 5, moq: 10, packSize: 1 },
    });
    expect(none.orderQuantity).toBe(0);
  });

  it('takes the reorder point from the lead-time quantile when one is given', () => {
    const r = planRestock({
      forecast: new Array(40).fill(10),
      sigma: 0,
      leadTimeQuantile: 130.2,
      available: 50,
      onOrder: 0,
      serviceLevelBp: 9500,
      coverDays: 30,
      terms: { leadTimeDays: 9, moq: 1, packSize: 1 },
    });
    // lead demand 90; ss = ceil(130.2 − 90) = 41; ROP = 131; need = 390 + 41 − 50 = 381
    expect(r).toEqual({ meanDaily: 10, safetyStock: 41, reorderPoint: 131, orderQuantity: 381 });
  });
});
