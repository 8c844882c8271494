/**
 * The soak's memory curve (bench/soak-memory.ts, src/lib/memory-probe.ts): a
 * child started with an IPC channel and MEMORY_PROBE=1 answers with its
 * memory and the sizes registered in it, one without the flag does not; the
 * summary's window means, warm-up and spread.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type MemoryTrack, probeMemory, summariseMemory } from '../../bench/soak-memory.js';
import type { MemorySample } from '../../src/lib/memory-probe.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = `
  import { installMemoryProbe, reportSize } from './src/lib/memory-probe.ts';
  reportSize('things', () => 42);
  installMemoryProbe();
  setTimeout(() => {}, 20_000);
`;

function child(env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

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

describe('soak memory', () => {
  it('a process answers a memory probe only with MEMORY_PROBE=1', async () => {
    const on = child({ MEMORY_PROBE: '1' });
    const off = child({});
    try {
      // Asked until the probe is installed (tsx loads the module first).
      let m: MemorySample | undefined;
      for (let i = 0; i < 20 && !m; i++) m = await probeMemory(on, 1_000);
      expect(m?.rss).toBeGreaterThan(10 * MB);
      expect(m?.spaces.new_space?.size).toBeGreaterThan(0);
      expect(m?.sizes).toEqual({ things: 42 });
      expect(await probeMemory(off, 2_000)).toBeUndefined();
    } finally {
      on.kill();
      off.kill();
    }
  }, 30_000);

  it('leaves out the warm-up window and a short last window, and measures the spread of the rest', () => {
    const track: MemoryTrack = { process: 'api-1', samples: [] };
    const rss = [300, 300, 200, 200, 220, 220, 999]; // two samples per 10 s window; 999 after the load
    rss.forEach((mb, i) => {
      track.samples.push({ s: i * 5, m: sample(mb) });
    });
    const [s] = summariseMemory([track], { seconds: 30, windowSeconds: 10, warmupWindows: 1 });
    expect(s?.windows.map((w) => w.rss)).toEqual([300, 200, 220]);
    expect(s?.warmup).toBe(1);
    expect(s?.spread).toBeCloseTo(0.1, 5);
  });
});
