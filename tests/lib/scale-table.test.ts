/**
 * The scale bench's report lines that need no database: the huge-pages line
 * (whether PostgreSQL's shared memory can sit on 2 MB pages — the setting that
 * moved the 1,000-store side's database CPU most) and the ratio summary.
 */
import { describe, expect, it } from 'vitest';
import { hugePagesLine, median, pooledSummary, quantileOf } from '../../bench/scale-table.js';

describe('scale bench report', () => {
  it('reads the huge page counts off /proc/meminfo text', () => {
    const meminfo = [
      'MemTotal:       24576000 kB',
      'HugePages_Total:    1100',
      'HugePages_Free:     1060',
      'HugePages_Rsvd:     1026',
      'Hugepagesize:       2048 kB',
    ].join('\n');
    expect(hugePagesLine(meminfo)).toBe('HugePages_Total 1100, reserved 1026 (2048 kB pages)');
    expect(hugePagesLine('MemTotal: 1 kB')).toBe('HugePages_Total ?, reserved ? (? kB pages)');
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([0.8, 1.2, 0.9, 1.0])).toBeCloseTo(0.95, 10);
    expect(median([3, 1, 2])).toBe(2);
  });

  it('takes nearest-rank quantiles of unsorted values', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(quantileOf(xs, 0.99)).toBe(99);
    expect(quantileOf(xs, 0.5)).toBe(50);
    expect(quantileOf([7], 0.99)).toBe(7);
    expect(quantileOf([], 0.5)).toBeNaN();
  });

  it('pools every answer per side and judges the p99 ratio', () => {
    // 10 stores: 99 answers of 10 ms and 1 of 40 (p99 by nearest rank: 10); large: 98 of 11 and 2 of 40 (p99 40).
    const fast = (n: number, ms: number) => Array.from({ length: n }, () => ms);
    const pooled = new Map([
      ['product list', { small: [...fast(99, 10), 40], large: [...fast(98, 11), 40, 40] }],
      ['search', { small: fast(100, 10), large: [...fast(98, 10), 30, 30] }],
    ]);
    const out = pooledSummary(pooled, '10000');
    const list = out.split('\n').find((l) => l.startsWith('product list'))!;
    expect(list).toMatch(/100\/100\s+10\.00\s+11\.00\s+1\.10\s+10\.00\s+40\.00\s+4\.00\s+p99 NOT within 10%/);
    const search = out.split('\n').find((l) => l.startsWith('search'))!;
    expect(search).toMatch(/3\.00\s+p99 NOT within 10%/);
    const same = pooledSummary(new Map([['product', { small: fast(50, 5), large: fast(50, 5) }]]), '10000');
    expect(same).toMatch(/1\.00\s+p99 within 10%/);
  });
});
