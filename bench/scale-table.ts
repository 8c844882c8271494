/**
 * The scale bench's table (bench/scale.ts): per-round pairs of 10-store and
 * many-store figures, then per scenario the MEDIAN of the per-round ratios
 * and their spread. See the header of bench/scale.ts for how to read it.
 */
import { readFileSync } from 'node:fs';
import type { Figures } from './harness.js';

/** One scenario measured on both sides within one round, back to back. */
export interface Pair {
  round: number;
  scenario: string;
  /** Which side ran first in this round (the order alternates: ABBA). */
  first: 'small' | 'large';
  small: Figures;
  large: Figures;
  /** 1-minute load average when the pair finished. */
  load: number;
}

/** The 1-, 5- and 15-minute load averages, as /proc/loadavg prints them. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

/**
 * This machine's huge pages as /proc/meminfo reports them ("HugePages_Total 1100, reserved 1026"):
 * a local PostgreSQL with `huge_pages = on|try` and enough pages reserves its shared memory there.
 */
export function hugePagesLine(meminfo?: string): string {
  try {
    const info = meminfo ?? readFileSync('/proc/meminfo', 'utf8');
    const field = (name: string) => info.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm'))?.[1] ?? '?';
    return `HugePages_Total ${field('HugePages_Total')}, reserved ${field('HugePages_Rsvd')} (${field('Hugepagesize')} kB pages)`;
  } catch {
    return 'n/a';
  }
}

export const median = (xs: readonly number[]): number => {
  const v = [...xs].sort((p, q) => p - q);
  if (v.length === 0) return Number.NaN;
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};

/** The middle half of the values: [25th, 75th] percentile by nearest rank. */
const quartiles = (xs: readonly number[]): [number, number] => {
  const v = [...xs].sort((p, q) => p - q);
  const at = (q: number) => v[Math.min(v.length - 1, Math.max(0, Math.round(q * (v.length - 1))))]!;
  return [at(0.25), at(0.75)];
};

/** Relative spread of one side's req/s over the rounds (max/min − 1): how noisy the machine was. */
const swing = (xs: readonly number[]): number => Math.max(...xs) / Math.max(Math.min(...xs), 1e-9) - 1;

export const rpsRatio = (p: Pair): number => p.large.rps / Math.max(p.small.rps, 1e-9);
/** p99 is in whole milliseconds; below 1 ms both sides count as 1. */
export const p99Ratio = (p: Pair): number => Math.max(p.large.p99, 1) / Math.max(p.small.p99, 1);

const pad = (x: string, n: number) => x.padEnd(n);
const f2 = (x: number) => x.toFixed(2);

/** One line per pair, as it is measured. */
export function pairLine(p: Pair, largeLabel: string): string {
  return (
    `  round ${p.round} ${pad(p.scenario, 13)} 10: ${p.small.rps.toFixed(0)} req/s p99 ${p.small.p99} ms | ` +
    `${largeLabel}: ${p.large.rps.toFixed(0)} req/s p99 ${p.large.p99} ms | ratio req/s ${f2(rpsRatio(p))} ` +
    `p99 ${f2(p99Ratio(p))} | ${p.first === 'small' ? '10 first' : `${largeLabel} first`}, load ${p.load.toFixed(2)}` +
    `${p.small.failures + p.large.failures ? `, FAILURES ${p.small.failures}+${p.large.failures}` : ''}\n`
  );
}

/** The summary: per scenario, medians of each side, the median ratios and their spread, and the verdict. */
export function summary(pairs: readonly Pair[], scenarios: readonly string[], largeLabel: string): string {
  let out =
    `\n${pad('scenario', 14)}${pad('req/s 10', 10)}${pad(`req/s ${largeLabel}`, 14)}` +
    `${pad('ratio', 7)}${pad('spread [IQR] (min–max)', 26)}${pad('p99 10', 8)}${pad(`p99 ${largeLabel}`, 12)}` +
    `${pad('ratio', 7)}${pad('spread [IQR] (min–max)', 26)}${pad('swing 10/large', 16)}verdict\n`;
  let met = 0;
  for (const s of scenarios) {
    const ps = pairs.filter((p) => p.scenario === s);
    if (ps.length === 0) continue;
    const r = ps.map(rpsRatio);
    const q = ps.map(p99Ratio);
    const [r25, r75] = quartiles(r);
    const [q25, q75] = quartiles(q);
    const ok = median(r) >= 0.9 && median(q) <= 1.1;
    if (ok) met++;
    const small = ps.map((p) => p.small.rps);
    const large = ps.map((p) => p.large.rps);
    out +=
      `${pad(s, 14)}${pad(median(small).toFixed(0), 10)}${pad(median(large).toFixed(0), 14)}` +
      `${pad(f2(median(r)), 7)}${pad(`[${f2(r25)}–${f2(r75)}] (${f2(Math.min(...r))}–${f2(Math.max(...r))})`, 26)}` +
      `${pad(`${median(ps.map((p) => p.small.p99))}`, 8)}${pad(`${median(ps.map((p) => p.large.p99))}`, 12)}` +
      `${pad(f2(median(q)), 7)}${pad(`[${f2(q25)}–${f2(q75)}] (${f2(Math.min(...q))}–${f2(Math.max(...q))})`, 26)}` +
      `${pad(`${(swing(small) * 100).toFixed(0)}%/${(swing(large) * 100).toFixed(0)}%`, 16)}${ok ? 'met' : 'NOT met'}\n`;
  }
  const failures = pairs.reduce((n, p) => n + p.small.failures + p.large.failures, 0);
  out +=
    `${met}/${scenarios.length} scenarios within target (median req/s ratio ≥ 0.90 and median p99 ratio ≤ 1.10); ` +
    `failures ${failures} (target 0)\n`;
  return out;
}

/** Every measured response time (ms) of one scenario over all rounds, per side. */
export interface Pooled {
  small: number[];
  large: number[];
}

/** The q-quantile (nearest rank) of unsorted values. */
export function quantileOf(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const v = Float64Array.from(xs).sort();
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))]!;
}

/**
 * The same rounds read as one distribution per side: every response of every round pooled (the ABBA
 * order puts load that comes and goes on both sides alike), p50 and p99 of each and their ratios. The
 * two readings answer different questions: the median of per-round ratios (the table above) ignores a
 * round in which one side met a stall (a checkpoint, an autovacuum, another process), while the pooled
 * p99 counts that round's slow answers in full — one stalled 4-s run can move it by 20–30%. Both are
 * printed; a gap between them names the rounds to look at.
 */
export function pooledSummary(pooled: ReadonlyMap<string, Pooled>, largeLabel: string): string {
  let out =
    `\npooled over the rounds (every answer of every round, per side):\n${pad('scenario', 14)}` +
    `${pad('answers 10/large', 18)}${pad('p50 10', 8)}${pad(`p50 ${largeLabel}`, 11)}${pad('ratio', 7)}` +
    `${pad('p99 10', 8)}${pad(`p99 ${largeLabel}`, 11)}${pad('ratio', 7)}verdict\n`;
  for (const [s, p] of pooled) {
    if (p.small.length === 0 || p.large.length === 0) continue;
    const [s50, l50, s99, l99] = [
      quantileOf(p.small, 0.5),
      quantileOf(p.large, 0.5),
      quantileOf(p.small, 0.99),
      quantileOf(p.large, 0.99),
    ];
    out +=
      `${pad(s, 14)}${pad(`${p.small.length}/${p.large.length}`, 18)}${pad(f2(s50), 8)}${pad(f2(l50), 11)}` +
      `${pad(f2(l50 / s50), 7)}${pad(f2(s99), 8)}${pad(f2(l99), 11)}${pad(f2(l99 / s99), 7)}` +
      `${l99 / s99 <= 1.1 ? 'p99 within 10%' : 'p99 NOT within 10%'}\n`;
  }
  return out;
}
