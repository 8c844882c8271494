/** Forecasting and restock arithmetic (pure): methods by history length, accuracy vs a naive average, rounding. */
import { describe, expect, it } from 'vitest';
import { forecastDemand, mape } from '../../src/modules/restock/forecast.js';
import { normalQuantile, planRestock, roundOrderQuantity } from '../../src/modules/restock/plan.js';

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Weekly pattern + linear trend + uniform noise, rounded to whole units. */
function synthetic(days: number, seed: number): number[] {
  const rnd = prng(seed);
  const weekly = [0.6, 0.8, 0.9, 1.0, 1.2, 1.6, 1.4];
  return Array.from({ length: days }, (_, t) => {
    const level = 20 + 0.15 * t;
    return Math.max(0, Math.round(level * weekly[t % 7]! + (rnd() - 0.5) * 6));
  });
}

describe('forecastDemand', () => {
  it('beats a naive 28-day average by at least 20% MAPE over the last four weeks', () => {
    for (const seed of [1, 2, 3, 42, 2026]) {
      const series = synthetic(180, seed);
      const train = series.slice(0, -28);
      const test = series.slice(-28);
      const f = forecastDemand(train, 28);
      expect(f.method).toBe('holt_winters');
      const naiveAvg = train.slice(-28).reduce((a, b) => a + b, 0) / 28;
      const mF = mape(test, f.values);
      const mN = mape(test, new Array(28).fill(naiveAvg));
      expect(mF, `seed ${seed}: ${mF} vs ${mN}`).toBeLessThanOrEqual(0.8 * mN);
    }
  });

  it('picks a simpler method when history is sparse, and handles zero demand', () => {
    expect(forecastDemand([3, 4, 5, 4, 6, 5, 7, 6, 8, 7], 5).method).toBe('holt');
    expect(forecastDemand([2, 3, 1], 5).method).toBe('ses');
    const zero = forecastDemand(new Array(60).fill(0), 10);
    expect(zero).toEqual({ method: 'zero', values: new Array(10).fill(0), sigma: 0 });
    expect(forecastDemand([], 3).method).toBe('zero');
    const fading = forecastDemand([5, 3, 2, 1, 0, 0, 0, 0, 0, 0], 30);
    expect(fading.values.every((v) => v >= 0)).toBe(true);
  });
});

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
});
