/**
 * The paired bench's ratio (bench/paired-ratio.ts): pooled medians of both sides, and a bootstrap interval
 * over rounds that holds the true ratio when the pages are noisy and shrinks as rounds are added; a
 * machine that slows down between rounds moves both sides of a round and not the ratio.
 */
import { describe, expect, it } from 'vitest';
import { describeRatio, pairedRatio, type Round } from '../../bench/paired-ratio.js';
import { median as medianOf } from '../../bench/scale-table.js';

function noisyRounds(n: number, factor: number, seed: number, drift = 0): Round[] {
  let s = seed;
  const random = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  return Array.from({ length: n }, (_, r) => {
    // A round's machine speed: drifting slower over the run when `drift` is set.
    const speed = 1 + drift * r;
    const page = () => speed * (3 + random() - 0.5 + (random() < 0.05 ? 5 * random() : 0));
    return {
      on: Array.from({ length: 25 }, () => page() * factor),
      off: Array.from({ length: 25 }, page),
    };
  });
}

describe('pairedRatio', () => {
  it('takes the median of an even count as the mean of the middle two', () => {
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
    expect(medianOf([5, 1, 3])).toBe(3);
  });

  it('finds a 10% slowdown within its interval, and none where there is none', () => {
    const slower = pairedRatio(noisyRounds(40, 1.1, 7));
    expect(slower.ratio).toBeGreaterThan(1.07);
    expect(slower.ratio).toBeLessThan(1.13);
    expect(slower.low).toBeLessThan(1.1);
    expect(slower.high).toBeGreaterThan(1.1);
    expect(describeRatio(slower, 1.05)).toMatch(/FAIL \(> 1\.05, the whole interval\)/);
    const same = pairedRatio(noisyRounds(40, 1, 11));
    expect(same.low).toBeLessThan(1);
    expect(same.high).toBeGreaterThan(1);
    expect(describeRatio(same, 1.05)).toMatch(/^\d\.\d{3} \(95% interval .*PASS/);
  });

  it('narrows with more rounds, and a drifting machine does not move the ratio', () => {
    const few = pairedRatio(noisyRounds(8, 1, 3));
    const many = pairedRatio(noisyRounds(128, 1, 3), 300);
    expect(many.high - many.low).toBeLessThan(few.high - few.low);
    // The machine slows by half over the run: both sides of each round slow alike.
    const drifting = pairedRatio(noisyRounds(64, 1.05, 5, 0.5 / 64));
    expect(drifting.ratio).toBeGreaterThan(1.02);
    expect(drifting.ratio).toBeLessThan(1.08);
  });

  it('is the same for the same pages (a seeded resampling)', () => {
    const rounds = noisyRounds(16, 1.02, 9);
    expect(pairedRatio(rounds)).toEqual(pairedRatio(rounds));
  });
});
