/** Quantile coverage on simulated demand: the bootstrap lead-time quantiles are calibrated within ±3 points. */
import { describe, expect, it } from 'vitest';
import { totalQuantile } from '../../src/modules/restock/forecast/quantiles.js';
import { forecastSeries } from '../../src/modules/restock/forecast/select.js';

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

/** Gamma-Poisson (negative binomial) daily demand with a weekday pattern; no sales on Saturdays. */
function demand(days: number, mean: number, rnd: () => number): number[] {
  const weekly = [0.6, 1.2, 1.3, 1.1, 1.2, 1.0, 0, 0.6]; // Monday … Sunday (index 6 = Saturday)
  return Array.from({ length: days }, (_, t) => {
    const mu = mean * weekly[t % 7]!;
    if (mu === 0) return 0;
    // Gamma(shape 4) mixing by the sum of 4 exponentials, then Poisson by inversion (normal for large means).
    let g = 0;
    for (let k = 0; k < 4; k++) g -= Math.log(1 - rnd());
    const lambda = (mu * g) / 4;
    const u1 = rnd();
    const u2 = rnd();
    const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  });
}

describe('lead-time quantiles', () => {
  it('cover the nominal share of simulated 7-day demand within ±3 points', () => {
    const rnd = prng(16);
    const ps = [0.5, 0.8, 0.9, 0.95];
    const hits = ps.map(() => 0);
    const N = 800;
    for (let s = 0; s < N; s++) {
      const mean = 20 + 60 * rnd();
      const y = demand(182 + 7, mean, rnd);
      const fc = forecastSeries({ y: y.slice(0, 182), startDay: 4, horizon: 7 });
      const actual = y.slice(182).reduce((a, b) => a + b, 0);
      ps.forEach((p, i) => {
        if (actual <= totalQuantile(fc, 7, p)) hits[i]!++;
      });
    }
    ps.forEach((p, i) => {
      expect(Math.abs(hits[i]! / N - p), `p=${p}: ${hits[i]! / N}`).toBeLessThanOrEqual(0.03);
    });
  });
});
