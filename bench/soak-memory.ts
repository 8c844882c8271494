/**
 * The soak's memory curve: every few seconds each API and worker process is
 * asked over its IPC channel for process.memoryUsage(), V8's heap spaces and
 * the sizes its caches report (src/lib/memory-probe.ts, MEMORY_PROBE=1), and
 * the report gives, per process and window, the mean RSS with its heap
 * breakdown, then the spread of the RSS window means after warm-up.
 */
import type { ChildProcess } from 'node:child_process';
import type { HeapSite, MemorySample } from '../src/lib/memory-probe.js';

export interface MemoryTrack {
  process: string;
  /** Seconds since the load started, and the sample (absent when the process did not answer). */
  samples: { s: number; m: MemorySample }[];
}

/** Asks a child for its memory; undefined when it has no channel or does not answer in time. */
export function probeMemory(child: ChildProcess, timeoutMs = 3_000): Promise<MemorySample | undefined> {
  if (!child.connected) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const done = (sample?: MemorySample) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(sample);
    };
    const onMessage = (msg: unknown) => {
      const m = msg as { type?: unknown; sample?: MemorySample } | null;
      if (m?.type === 'memory') done(m.sample);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    child.on('message', onMessage);
    child.send({ type: 'memory' }, (err) => {
      if (err) done(undefined);
    });
  });
}

/** Asks a child started with MEMORY_PROBE_HEAP=1 for the allocation sites holding the most sampled live bytes. */
export function probeHeapSites(child: ChildProcess, timeoutMs = 10_000): Promise<HeapSite[] | undefined> {
  if (!child.connected) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const done = (sites?: HeapSite[]) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(sites);
    };
    const onMessage = (msg: unknown) => {
      const m = msg as { type?: unknown; sites?: HeapSite[] } | null;
      if (m?.type === 'heap-profile') done(m.sites);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    child.on('message', onMessage);
    child.send({ type: 'heap-profile' }, (err) => {
      if (err) done(undefined);
    });
  });
}

/** One line per site: sampled live MB and the site (src/lib/memory-probe.ts heapSites). */
export function heapSiteLines(name: string, window: number, sites: HeapSite[]): string[] {
  const total = sites.reduce((a, s) => a + s.bytes, 0);
  return [
    `heap ${name} w${window}: top ${sites.length} sites hold ${(total / MB).toFixed(1)} MB sampled live`,
    ...sites.map((s) => `  ${(s.bytes / MB).toFixed(1).padStart(6)} MB ${s.site}`),
  ];
}

const MB = 1024 * 1024;

/** A window's collections (sums over its samples, MB; oldLive: old space after its full collections). */
export interface GcWindow {
  scavenges: number;
  markCompacts: number;
  gcMs: number;
  youngAllocated: number;
  promoted: number;
  oldDirect: number;
  /** Lowest and highest old-space MB right after the window's full collections (null: none ran). */
  oldLive: [number, number] | null;
}

/** The figures a window reports, in MB (sizes: the caches' own units, e.g. entries). */
export interface MemoryWindow {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  newSpace: number;
  oldSpace: number;
  /** Compiled code (code_space), and objects too large for the other spaces (large_object_space). */
  codeSpace: number;
  largeObjects: number;
  external: number;
  arrayBuffers: number;
  sizes: Record<string, number>;
  /** Absent when no sample carried GC figures. */
  gc?: GcWindow;
}

export interface MemorySummary {
  process: string;
  windows: MemoryWindow[];
  /** Windows left out as warm-up. */
  warmup: number;
  /** Windows judged (after warm-up); fewer than 2 judge nothing. */
  judged: number;
  /** (max − min) / min of the RSS window means after warm-up (NaN: nothing judged). Falling counts as rising. */
  spread: number;
  /** (last − first) / first of the judged window means: the direction, which the spread does not show. */
  drift: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function windowOf(samples: MemorySample[]): MemoryWindow {
  const mb = (f: (m: MemorySample) => number) => Math.round(mean(samples.map(f)) / MB);
  const names = new Set(samples.flatMap((m) => Object.keys(m.sizes)));
  const sizes: Record<string, number> = {};
  for (const n of names) sizes[n] = Math.round(mean(samples.map((m) => m.sizes[n] ?? 0)));
  const gcs = samples.flatMap((m) => (m.gc ? [m.gc] : []));
  const sum = (f: (g: NonNullable<MemorySample['gc']>) => number) => gcs.reduce((a, g) => a + f(g), 0);
  const lives = gcs.flatMap((g) =>
    g.oldLiveAfterFull === null ? [] : [Math.round(g.oldLiveAfterFull / MB)],
  );
  const gc: GcWindow | undefined = gcs.length
    ? {
        scavenges: sum((g) => g.scavenges),
        markCompacts: sum((g) => g.markCompacts),
        gcMs: sum((g) => g.gcMs),
        youngAllocated: Math.round(sum((g) => g.youngAllocated) / MB),
        promoted: Math.round(sum((g) => g.promoted) / MB),
        oldDirect: Math.round(sum((g) => g.oldDirect) / MB),
        oldLive: lives.length ? [Math.min(...lives), Math.max(...lives)] : null,
      }
    : undefined;
  return {
    rss: mb((m) => m.rss),
    heapUsed: mb((m) => m.heapUsed),
    heapTotal: mb((m) => m.heapTotal),
    newSpace: mb((m) => m.spaces.new_space?.size ?? 0),
    oldSpace: mb((m) => m.spaces.old_space?.size ?? 0),
    codeSpace: mb((m) => m.spaces.code_space?.size ?? 0),
    largeObjects: mb((m) => m.spaces.large_object_space?.size ?? 0),
    external: mb((m) => m.external),
    arrayBuffers: mb((m) => m.arrayBuffers),
    sizes,
    ...(gc ? { gc } : {}),
  };
}

/**
 * Window means per process over the load's `seconds`; the first `warmupWindows` windows are left out
 * of the spread, and so is a last window shorter than half the others (a mean of a few samples of a
 * sawtooth says little). When warm-up leaves fewer than two windows nothing is judged (spread NaN):
 * the judgement is never made over warm-up windows instead.
 */
export function summariseMemory(
  tracks: MemoryTrack[],
  opts: { seconds: number; windowSeconds: number; warmupWindows: number },
): MemorySummary[] {
  const { seconds, windowSeconds, warmupWindows } = opts;
  const full = Math.floor(seconds / windowSeconds) + (seconds % windowSeconds >= windowSeconds / 2 ? 1 : 0);
  return tracks.map((t) => {
    const byWindow: MemorySample[][] = [];
    for (const { s, m } of t.samples) {
      const i = Math.floor(s / windowSeconds);
      if (i >= Math.max(1, full)) continue;
      const w = byWindow[i] ?? [];
      w.push(m);
      byWindow[i] = w;
    }
    const windows = byWindow.filter((w) => w?.length).map(windowOf);
    const warmup = Math.min(warmupWindows, windows.length);
    const rss = windows.slice(warmup).map((w) => w.rss);
    const lo = Math.min(...rss);
    const hi = Math.max(...rss);
    const judged = rss.length >= 2 && lo > 0;
    return {
      process: t.process,
      windows,
      warmup,
      judged: rss.length,
      spread: judged ? (hi - lo) / lo : Number.NaN,
      drift: judged ? (rss.at(-1)! - rss[0]!) / rss[0]! : Number.NaN,
    };
  });
}

/** What the collector did in a window, and how much of it reached the old generation. */
export function gcLine(g: GcWindow): string {
  const pct = g.youngAllocated > 0 ? ` (${((g.promoted / g.youngAllocated) * 100).toFixed(1)}%)` : '';
  const live = g.oldLive ? `, old live after full ${g.oldLive[0]}–${g.oldLive[1]} MB` : '';
  return (
    `gc: ${g.scavenges} scavenges, ${g.markCompacts} full${live}; ${g.gcMs} ms; young allocated ${g.youngAllocated} MB, ` +
    `promoted ${g.promoted} MB${pct}, straight to old ${g.oldDirect} MB`
  );
}

/** Report lines: per process the RSS window means and spread against `limit`, then each window's breakdown. */
export function memoryLines(summaries: MemorySummary[], limit: number): string[] {
  const lines: string[] = [];
  for (const s of summaries) {
    const verdict = Number.isNaN(s.spread) ? 'NOT JUDGED' : s.spread <= limit ? 'PASS' : 'FAIL';
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
    lines.push(
      `memory ${s.process}: RSS window means ${s.windows.map((w) => w.rss).join(' ')} MB; after ${s.warmup} ` +
        `warm-up window(s), ${s.judged} judged: spread ${(s.spread * 100).toFixed(1)}%, first→last ` +
        `${pct(s.drift)} — ${verdict} (limit ${limit * 100}%)`,
    );
    for (const [i, w] of s.windows.entries()) {
      const sizes = Object.entries(w.sizes)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      lines.push(
        `  w${i + 1}${i < s.warmup ? ' (warm-up)' : ''}: rss ${w.rss} heapUsed ${w.heapUsed} heapTotal ${w.heapTotal} ` +
          `(new ${w.newSpace} old ${w.oldSpace} code ${w.codeSpace} large ${w.largeObjects}) external ${w.external} arrayBuffers ${w.arrayBuffers} MB` +
          (sizes ? `; ${sizes}` : ''),
      );
      if (w.gc) lines.push(`      ${gcLine(w.gc)}`);
    }
  }
  return lines;
}
