/**
 * The scale bench's report lines that need no database: the huge-pages line
 * (whether PostgreSQL's shared memory can sit on 2 MB pages — the setting that
 * moved the 1,000-store side's database CPU most) and the ratio summary.
 */
import { describe, expect, it } from 'vitest';
import { hugePagesLine, median } from '../../bench/scale-table.js';

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
});
