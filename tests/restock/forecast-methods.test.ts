/** Forecast methods on fixed series with known answers, the classifier, and robustness (issue #16). */
import { describe, expect, it } from 'vitest';
import { classifyDemand } from '../../src/modules/restock/forecast/classify.js';
import { METHODS, sbaRate, sesLevel, tsbRate } from '../../src/modules/restock/forecast/methods.js';
import { forecastTotal } from '../../src/modules/restock/forecast/quantiles.js';
import { forecastSeries } from '../../src/modules/restock/forecast/select.js';
import { winsorise } from '../../src/modules/restock/forecast/winsorise.js';

const run = (name: keyof typeof METHODS, y: number[], H = 14) => {
  const out = new Float64Array(H);
  const x = Float64Array.from(y);
  METHODS[name]({ raw: x, x, n: x.length }, out, H);
  return out;
};
const repeat = (pattern: number[], times: number) => Array.from({ length: times }, () => pattern).flat();
/** Day 0 of these series is a Monday (epoch day 4 is 1970-01-05). */
const MONDAY = 4;

describe('methods', () => {
  it('SES, SBA, TSB, median and naive on series with known answers', () => {
    expect(sesLevel([10, 10, 10, 10, 20], 0.5)).toBe(15);
    // 4 units every third day: size 4, interval 3 → (1 − 0.1/2)·4/3
    expect(sbaRate(Float64Array.from(repeat([0, 0, 4], 20)), 60)).toBeCloseTo((0.95 * 4) / 3, 10);
    expect(tsbRate(Float64Array.from(new Array(40).fill(5)), 40)).toBeCloseTo(5, 10);
    // One bulk week among seven quiet ones: the 8-week median ignores it.
    const weeks = [...repeat([1, 1, 1, 1, 1, 1, 1], 7), 100, 100, 100, 100, 100, 100, 100];
    expect(run('median8w', weeks)[0]).toBeCloseTo(1, 10);
    expect(run('naive28', new Array(28).fill(3))[13]).toBe(3);
  });

  it('TSB decays when demand stops (obsolescence); SBA does not', () => {
    const y = Float64Array.from([...new Array(100).fill(5), ...new Array(60).fill(0)]);
    expect(tsbRate(y, y.length)).toBeLessThan(0.3);
    expect(sbaRate(y, y.length)).toBeGreaterThan(4);
  });

  it('damped trend grows less and less, and never beyond half the level per week', () => {
    const y = Array.from({ length: 84 }, (_, i) => 10 + i * 0.5);
    const f = run('damped', y, 70);
    const g1 = f[7]! - f[0]!;
    const g9 = f[63]! - f[56]!;
    expect(g1).toBeGreaterThan(0);
    expect(g9).toBeLessThan(g1 / 2);
  });
});

describe('classifyDemand', () => {
  it('uses ADI 1.32 and CV² 0.49', () => {
    expect(classifyDemand(repeat([5, 6], 30)).demandClass).toBe('smooth');
    expect(classifyDemand(repeat([1, 50], 30)).demandClass).toBe('erratic');
    expect(classifyDemand(repeat([0, 0, 5], 30)).demandClass).toBe('intermittent');
    expect(classifyDemand(repeat([0, 0, 1, 0, 0, 60], 30)).demandClass).toBe('lumpy');
    // Periods count from the first sale: 88 days from day 2 to the end, 30 sales.
    const c = classifyDemand(repeat([0, 0, 5], 30));
    expect(c.adi).toBeCloseTo(88 / 30, 10);
    expect(c.cv2).toBe(0);
  });

  it('a daily seller listed long before its first sale is smooth: the wait is not an interval between sales', () => {
    // Listed 50 days unsold, then sold every day for 150 days: was ADI 200/150 = 1.33, "intermittent".
    const daily = [...Array<number>(50).fill(0), ...repeat([3, 4, 5], 50)];
    const c = classifyDemand(daily);
    expect(c.demandClass).toBe('smooth');
    expect(c.adi).toBe(1);
    // A window that cuts between two sales still counts the gap it cuts: 14 periods, 2 sales.
    const cut = [5, ...Array<number>(9).fill(0), 5, 0, 0, 0, 5];
    expect(classifyDemand(cut, 1).adi).toBe(7);
    // Nothing sold: no demand periods at all.
    expect(classifyDemand([0, 0, 0]).adi).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('forecastSeries', () => {
  it('never extrapolates a single spike: one bulk order is capped, not read as level or trend', () => {
    const y = [...repeat([10, 12, 9, 11, 10, 8, 0], 17), 10, 12, 2094, 11, 10, 8, 0];
    expect(winsorise(y).capped).toBe(1);
    const fc = forecastSeries({ y, startDay: MONDAY, horizon: 14 });
    expect(forecastTotal(fc, 14)).toBeLessThan(1.3 * 120);
    expect(forecastTotal(fc, 14)).toBeGreaterThan(0.7 * 120);
  });

  it('a step change is followed, not extrapolated as a trend', () => {
    const y = [
      ...new Array(120).fill(0).map((_, i) => (i % 30 === 0 ? 1 : 0)),
      ...repeat([600, 700, 650, 700, 650, 500, 0], 6),
    ];
    const fc = forecastSeries({ y, startDay: MONDAY, horizon: 14 });
    expect(forecastTotal(fc, 14)).toBeLessThan(2 * 3800 * 1.1);
  });

  it('demand that stopped decays toward zero, and says so', () => {
    const y = [...new Array(120).fill(5), ...new Array(56).fill(0)];
    const fc = forecastSeries({ y, startDay: MONDAY, horizon: 14 });
    expect(fc.status).toBe('stopped');
    expect(forecastTotal(fc, 14)).toBeLessThan(4);
  });

  it('short histories say so; empty ones forecast zero', () => {
    expect(forecastSeries({ y: [3, 4, 5], startDay: MONDAY, horizon: 7 }).status).toBe('short_history');
    const none = forecastSeries({ y: new Array(60).fill(0), startDay: MONDAY, horizon: 7 });
    expect(none.status).toBe('no_demand');
    expect(Array.from(none.values)).toEqual(new Array(7).fill(0));
  });

  it('applies a weekday profile: a closed weekday gets no forecast', () => {
    const pooled = Float64Array.from([1, 1, 1, 1, 1, 1, 0].map((v) => v / 6)); // Sunday … Saturday
    const y = repeat([10, 10, 10, 10, 10, 0, 10], 20); // Monday … Sunday, Saturdays closed
    const fc = forecastSeries({ y, startDay: MONDAY, horizon: 7, pooledProfile: pooled });
    expect(fc.values[5]).toBe(0); // the origin is a Monday: index 5 is Saturday
    expect(fc.values[0]).toBeCloseTo(10, 0);
  });
});
