/**
 * The soak's view of the collector and of what the heap holds (src/lib/memory-probe.ts,
 * bench/soak-memory.ts): an interval's collections summed into young bytes allocated, bytes promoted,
 * bytes allocated straight into old space and the old generation's live size after a full
 * collection; a sampling heap profile reduced to allocation sites attributed to our nearest frame;
 * a child with MEMORY_PROBE=1 reports its collections, and with MEMORY_PROBE_HEAP=1 too, the site
 * that retains its memory.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  heapSiteLines,
  type MemoryTrack,
  memoryLines,
  probeHeapSites,
  probeMemory,
  summariseMemory,
} from '../../bench/soak-memory.js';
import {
  type GcEvent,
  type HeapProfileNode,
  heapSites,
  type MemorySample,
  summariseGc,
} from '../../src/lib/memory-probe.js';

const MB = 1024 * 1024;
const heap = (young: number, old: number) => ({
  heapSpaceStatistics: [
    { spaceName: 'new_space', spaceUsedSize: young * MB },
    { spaceName: 'old_space', spaceUsedSize: old * MB },
  ],
});
const gc = (gcType: string, before: [number, number], after: [number, number], costUs = 1000): GcEvent => ({
  gcType,
  cost: costUs,
  beforeGC: heap(...before),
  afterGC: heap(...after),
});

describe('summariseGc', () => {
  it('splits old-space growth into promotion (during scavenges) and direct allocation (between collections)', () => {
    const events = [
      gc('Scavenge', [30, 50], [2, 53]), // 3 MB promoted
      gc('Scavenge', [32, 55], [2, 57]), // 30 MB young allocated since, 2 MB straight to old, 2 promoted
      gc('MarkSweepCompact', [10, 60], [10, 40], 50_000), // 8 young, 3 old direct; full: 40 live
      gc('Scavenge', [40, 40], [3, 41]), // 30 young, 1 promoted
    ];
    const { figures, last } = summariseGc(events);
    expect(figures).toEqual({
      scavenges: 3,
      markCompacts: 1,
      gcMs: 53,
      youngAllocated: (30 + 8 + 30) * MB,
      promoted: (3 + 2 + 1) * MB,
      oldDirect: (2 + 3) * MB,
      oldLiveAfterFull: 40 * MB,
    });
    expect(last).toEqual({ young: 3 * MB, old: 41 * MB });
    // The next interval continues from the last collection: nothing between them is lost.
    const next = summariseGc([gc('Scavenge', [35, 45], [2, 46])], last);
    expect(next.figures.youngAllocated).toBe(32 * MB);
    expect(next.figures.oldDirect).toBe(4 * MB);
    expect(next.figures.oldLiveAfterFull).toBeNull();
  });
});

describe('heapSites', () => {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
  const node = (f: HeapProfileNode['callFrame'], selfSize: number, children: HeapProfileNode[] = []) => ({
    callFrame: f,
    selfSize,
    children,
  });

  it('attributes a library allocation to the nearest of our frames and ranks sites by bytes', () => {
    const root = node(frame('(root)', ''), 0, [
      node(frame('serve', 'file:///app/src/lib/read-cache.ts', 9), 1 * MB, [
        node(frame('set', 'file:///app/node_modules/lru-cache/dist/index.js', 99), 5 * MB),
      ]),
      node(frame('parse', 'file:///app/node_modules/pg/lib/result.js', 4), 2 * MB),
      node(frame('other', 'file:///app/src/lib/x.ts', 0), 0, [
        node(frame('set', 'file:///app/node_modules/lru-cache/dist/index.js', 99), 1 * MB),
      ]),
    ]);
    const sites = heapSites(root, 3);
    expect(sites).toEqual([
      {
        site: 'set node_modules/lru-cache/dist/index.js:100 ← serve src/lib/read-cache.ts:10',
        bytes: 5 * MB,
      },
      { site: 'parse node_modules/pg/lib/result.js:5', bytes: 2 * MB },
      { site: 'serve src/lib/read-cache.ts:10', bytes: 1 * MB },
    ]);
    expect(heapSiteLines('api-1', 2, sites)[0]).toBe('heap api-1 w2: top 3 sites hold 8.0 MB sampled live');
  });
});

describe('GC figures in the window report', () => {
  const sample = (g: MemorySample['gc']): MemorySample => ({
    rss: 200 * MB,
    heapTotal: 0,
    heapUsed: 0,
    external: 0,
    arrayBuffers: 0,
    spaces: {},
    sizes: {},
    gc: g,
  });
  it('sums a window’s collections and prints promotion against young allocation', () => {
    const g = (full: number | null) => ({
      scavenges: 10,
      markCompacts: full === null ? 0 : 1,
      gcMs: 40,
      youngAllocated: 500 * MB,
      promoted: 10 * MB,
      oldDirect: 2 * MB,
      oldLiveAfterFull: full === null ? null : full * MB,
    });
    const track: MemoryTrack = {
      process: 'api-1',
      samples: [
        { s: 0, m: sample(g(null)) },
        { s: 5, m: sample(g(61)) },
        { s: 10, m: sample(g(64)) },
        { s: 15, m: sample(g(null)) },
      ],
    };
    const [s] = summariseMemory([track], { seconds: 20, windowSeconds: 10, warmupWindows: 0 });
    expect(s?.windows[0]?.gc).toEqual({
      scavenges: 20,
      markCompacts: 1,
      gcMs: 80,
      youngAllocated: 1000,
      promoted: 20,
      oldDirect: 4,
      oldLive: [61, 61],
    });
    expect(s?.windows[1]?.gc?.oldLive).toEqual([64, 64]);
    expect(memoryLines(s ? [s] : [], 0.1)[2]).toBe(
      '      gc: 20 scavenges, 1 full, old live after full 61–61 MB; 80 ms; young allocated 1000 MB, promoted 20 MB (2.0%), straight to old 4 MB',
    );
  });
});

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = `
  import { installMemoryProbe } from './src/lib/memory-probe.ts';
  installMemoryProbe();
  const kept = [];
  function retainMany() {
    for (let i = 0; i < 200_000; i++) kept.push({ i, s: 'x'.repeat(40) + i });
  }
  setTimeout(() => { retainMany(); for (let i = 0; i < 300_000; i++) ({ i }); }, 300);
  setTimeout(() => {}, 30_000);
`;

describe('probe in a child process', () => {
  it('reports collections, and with MEMORY_PROBE_HEAP=1 the site retaining the heap', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      env: { ...process.env, MEMORY_PROBE: '1', MEMORY_PROBE_HEAP: '1' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    try {
      let m: MemorySample | undefined;
      for (let i = 0; i < 20 && !m; i++) m = await probeMemory(child, 1_000);
      expect(m?.gc).toBeDefined();
      // Retained allocations ran after the first answer; wait until they show, then ask for the sites.
      let scavenges = 0;
      for (let i = 0; i < 40 && scavenges === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        scavenges += (await probeMemory(child, 1_000))?.gc?.scavenges ?? 0;
      }
      expect(scavenges).toBeGreaterThan(0);
      const sites = await probeHeapSites(child);
      expect(sites?.some((s) => s.site.includes('retainMany') && s.bytes > MB)).toBe(true);
    } finally {
      child.kill();
    }
  }, 30_000);
});
