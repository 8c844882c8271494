/**
 * The with ÷ without ratio of a paired bench (the recommendations page benches): blocks with and
 * without alternate in rounds, and the ratio is that of the pooled medians (every page with ÷ every page
 * without), its uncertainty a bootstrap over rounds — rounds drawn again with replacement, each keeping
 * its own pages of both sides, so a slow phase of a shared machine moves both sides of a resample as it
 * moved both sides of its round. On a machine whose speed drifts, a median of per-round ratios from a
 * few rounds swings by ±10% between runs; the pooled ratio over many short rounds, with its interval,
 * says how far a figure can be trusted.
 */
import { median } from './scale-table.js';

export interface Round {
  on: readonly number[];
  off: readonly number[];
}

export interface PairedRatio {
  /** median(every page with) ÷ median(every page without). */
  ratio: number;
  /** The central 95% of the ratio over bootstrap resamples of the rounds. */
  low: number;
  high: number;
}

/** mulberry32: a small seeded generator (the interval is the same for the same pages; tests replay with it). */
export function seededRandom(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pooledRatio = (rounds: readonly Round[]) =>
  median(rounds.flatMap((r) => r.on)) / median(rounds.flatMap((r) => r.off));

export function pairedRatio(rounds: readonly Round[], resamples = 1000, seed = 1): PairedRatio {
  if (rounds.length === 0) return { ratio: Number.NaN, low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const ratios = Array.from({ length: resamples }, () =>
    pooledRatio(Array.from(rounds, () => rounds[Math.floor(random() * rounds.length)]!)),
  ).sort((a, b) => a - b);
  const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))]!;
  return { ratio: pooledRatio(rounds), low: at(0.025), high: at(0.975) };
}

/** "1.032 (95% interval 1.011–1.054)", and the verdict against a bound on the ratio. */
export function describeRatio(r: PairedRatio, bound: number): string {
  const verdict =
    r.high <= bound
      ? `PASS (≤ ${bound}, the whole interval)`
      : r.ratio <= bound
        ? `PASS (≤ ${bound}; the interval reaches ${r.high.toFixed(3)})`
        : r.low <= bound
          ? `FAIL (> ${bound}; the interval reaches down to ${r.low.toFixed(3)})`
          : `FAIL (> ${bound}, the whole interval)`;
  return `${r.ratio.toFixed(3)} (95% interval ${r.low.toFixed(3)}–${r.high.toFixed(3)}) — ${verdict}`;
}
