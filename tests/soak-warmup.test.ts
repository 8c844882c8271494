/**
 * The soak's warm-up rule (bench/soak-deferred.ts, bench/soak-memory.ts): warm-up lasts until every
 * deferred job kind has run once (and at least the first window); the RSS judgement covers the windows
 * after it, in both directions, and judges nothing — rather than judging warm-up — when fewer than two
 * windows are left. A step after warm-up is never hidden by the rule.
 */
import { describe, expect, it } from 'vitest';
import { warmupWindows } from '../bench/soak-deferred.js';
import { type MemoryTrack, memoryLines, summariseMemory } from '../bench/soak-memory.js';
import type { MemorySample } from '../src/lib/memory-probe.js';

const MB = 1024 * 1024;
const sample = (rssMb: number): MemorySample => ({
  rss: rssMb * MB,
  heapTotal: 0,
  heapUsed: 0,
  external: 0,
  arrayBuffers: 0,
  spaces: {},
  sizes: {},
});

/** One sample per 5 s; `means[i]` is window i's RSS (windows of 10 s: two samples each). */
function track(means: number[]): MemoryTrack {
  const t: MemoryTrack = { process: 'worker-1', samples: [] };
  means.forEach((mb, w) => {
    t.samples.push({ s: w * 10, m: sample(mb) }, { s: w * 10 + 5, m: sample(mb) });
  });
  return t;
}

const judge = (means: number[], warmup: number) =>
  summariseMemory([track(means)], {
    seconds: means.length * 10,
    windowSeconds: 10,
    warmupWindows: warmup,
  })[0]!;

describe('soak warm-up rule', () => {
  it('ends warm-up with the window in which the last deferred kind finished, never before the first', () => {
    expect(warmupWindows(0, 300, 6)).toBe(1);
    expect(warmupWindows(170, 300, 6)).toBe(1);
    expect(warmupWindows(300, 300, 6)).toBe(2);
    expect(warmupWindows(930, 300, 6)).toBe(4);
    // A kind that never ran: everything is warm-up.
    expect(warmupWindows(null, 300, 6)).toBe(6);
  });

  it('judges nothing when warm-up leaves fewer than two windows, instead of judging warm-up', () => {
    const all = judge([200, 210, 260], 3);
    expect(all.warmup).toBe(3);
    expect(all.judged).toBe(0);
    expect(all.spread).toBeNaN();
    expect(memoryLines([all], 0.1)[0]).toContain('NOT JUDGED');
    expect(judge([200, 210, 260], 2).spread).toBeNaN();
  });

  it('a step after warm-up still fails: the rule does not move the window past it', () => {
    // The deferred kind ran in window 1; growth in window 4 is judged.
    const s = judge([180, 200, 201, 225, 226], warmupWindows(8, 10, 5));
    expect(s.warmup).toBe(1);
    expect(s.spread).toBeCloseTo(26 / 200, 5);
    expect(memoryLines([s], 0.1)[0]).toContain('FAIL');
  });

  it('a fall after warm-up is judged like a rise, and its direction is printed', () => {
    const s = judge([300, 276, 262, 252], 1);
    expect(s.spread).toBeCloseTo(24 / 252, 5);
    expect(s.drift).toBeCloseTo(-24 / 276, 5);
    expect(memoryLines([s], 0.1)[0]).toMatch(/first→last -8\.7% — PASS/);
    const deeper = judge([300, 280, 250], 1);
    expect(deeper.spread).toBeGreaterThan(0.1);
    expect(memoryLines([deeper], 0.1)[0]).toContain('FAIL');
  });
});
