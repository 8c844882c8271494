/**
 * The soak's view into a process's memory, with no route and no port: when
 * the process was started with an IPC channel (child_process 'ipc') and
 * MEMORY_PROBE=1, a `{ type: 'memory' }` message is answered with
 * process.memoryUsage(), V8's heap spaces, the sizes that named caches
 * report (`reportSize`) and what the garbage collector did since the previous
 * answer (v8.GCProfiler: collections, young bytes allocated, bytes promoted
 * from the young to the old generation, bytes allocated straight into the
 * old generation, the old generation's live size after a full collection).
 * With MEMORY_PROBE_HEAP=1 too, V8's sampling heap profiler runs from the
 * start and `{ type: 'heap-profile' }` is answered with the allocation sites
 * that hold the most sampled live bytes (objects not yet collected: after a
 * full collection, what is retained). Without both, nothing is installed.
 */
import { Session } from 'node:inspector';
import v8 from 'node:v8';

/** What the collector did over an interval, in bytes (gcMs: the collections' own time). */
export interface GcFigures {
  scavenges: number;
  /** Full (mark-sweep-compact) collections of the old generation. */
  markCompacts: number;
  gcMs: number;
  /** Bytes allocated in the young generation (new space filled between collections). */
  youngAllocated: number;
  /** Bytes that survived a scavenge into old space (promotion). */
  promoted: number;
  /** Bytes old space grew by between collections: allocated there directly (pretenured, or by V8 itself). */
  oldDirect: number;
  /** Old space's used bytes after the interval's last full collection (null: none ran). */
  oldLiveAfterFull: number | null;
}

export interface MemorySample {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Per V8 heap space (new_space, old_space, code_space, large_object_space, …): committed and used bytes. */
  spaces: Record<string, { size: number; used: number }>;
  /** What each registered structure reports (entries, bytes), by name. */
  sizes: Record<string, number>;
  /** The collector's work since the previous sample (absent where no GC profiler runs). */
  gc?: GcFigures;
}

const sizeReporters = new Map<string, () => number>();

/** Names a size the probe reports (e.g. a cache's entry count); the last registration of a name wins. */
export function reportSize(name: string, size: () => number): void {
  sizeReporters.set(name, size);
}

/** One collection as v8.GCProfiler reports it (the fields used here). */
export interface GcEvent {
  gcType: string;
  /** Microseconds. */
  cost: number;
  beforeGC: { heapSpaceStatistics: { spaceName: string; spaceUsedSize: number }[] };
  afterGC: { heapSpaceStatistics: { spaceName: string; spaceUsedSize: number }[] };
}

interface SpaceUse {
  young: number;
  old: number;
}

const used = (stats: GcEvent['afterGC'], space: string) =>
  stats.heapSpaceStatistics.find((s) => s.spaceName === space)?.spaceUsedSize ?? 0;
const use = (stats: GcEvent['afterGC']): SpaceUse => ({
  young: used(stats, 'new_space'),
  old: used(stats, 'old_space'),
});

/**
 * Sums an interval's collections. `previous` is the heap right after the collection before the
 * interval's first (so growth between two samples' collections is not lost); returns it for the next.
 */
export function summariseGc(
  events: readonly GcEvent[],
  previous?: SpaceUse,
): { figures: GcFigures; last: SpaceUse | undefined } {
  const f: GcFigures = {
    scavenges: 0,
    markCompacts: 0,
    gcMs: 0,
    youngAllocated: 0,
    promoted: 0,
    oldDirect: 0,
    oldLiveAfterFull: null,
  };
  let prev = previous;
  for (const e of events) {
    const before = use(e.beforeGC);
    const after = use(e.afterGC);
    if (prev) {
      f.youngAllocated += Math.max(0, before.young - prev.young);
      f.oldDirect += Math.max(0, before.old - prev.old);
    }
    f.gcMs += e.cost / 1000;
    if (e.gcType === 'Scavenge') {
      f.scavenges++;
      f.promoted += Math.max(0, after.old - before.old);
    } else if (e.gcType === 'MarkSweepCompact') {
      f.markCompacts++;
      f.oldLiveAfterFull = after.old;
    }
    prev = after;
  }
  f.gcMs = Math.round(f.gcMs);
  return { figures: f, last: prev };
}

let gcProfiler: v8.GCProfiler | undefined;
let gcLast: SpaceUse | undefined;

function gcSince(): GcFigures | undefined {
  if (!gcProfiler) return undefined;
  const events = (gcProfiler.stop()?.statistics ?? []) as unknown as GcEvent[];
  gcProfiler.start();
  const { figures, last } = summariseGc(events, gcLast);
  gcLast = last;
  return figures;
}

export function memorySample(): MemorySample {
  const m = process.memoryUsage();
  const spaces: MemorySample['spaces'] = {};
  for (const s of v8.getHeapSpaceStatistics())
    spaces[s.space_name] = { size: s.space_size, used: s.space_used_size };
  const sizes: Record<string, number> = {};
  for (const [name, size] of sizeReporters) sizes[name] = size();
  const gc = gcSince();
  return {
    rss: m.rss,
    heapTotal: m.heapTotal,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    spaces,
    sizes,
    ...(gc ? { gc } : {}),
  };
}

/** A node of V8's sampling heap profile (HeapProfiler.getSamplingProfile). */
export interface HeapProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapProfileNode[];
}

/** Live sampled bytes by allocation site: the allocating frame and the nearest frames that are ours. */
export interface HeapSite {
  site: string;
  bytes: number;
}

const frameName = (f: HeapProfileNode['callFrame']) => {
  const file = f.url.replace(/^file:\/\//, '').replace(/^.*\/(src|workers|bench|node_modules)\//, '$1/');
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
};
const ours = (url: string) => /\/(src|workers)\//.test(url) && !url.includes('/node_modules/');

/**
 * The `top` sites holding the most sampled bytes, out of a sampling heap profile. A site is the
 * allocating frame plus, when that frame is not in our code, the nearest of our frames above it —
 * so a driver's or framework's allocation is attributed to the caller that kept it.
 */
export function heapSites(root: HeapProfileNode, top = 12): HeapSite[] {
  const bySite = new Map<string, number>();
  const walk = (n: HeapProfileNode, ourFrame: string | undefined) => {
    const here = ours(n.callFrame.url) ? frameName(n.callFrame) : ourFrame;
    if (n.selfSize > 0) {
      const self = frameName(n.callFrame);
      const site = here && here !== self ? `${self} ← ${here}` : self;
      bySite.set(site, (bySite.get(site) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c, here);
  };
  walk(root, undefined);
  return [...bySite]
    .map(([site, bytes]) => ({ site, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T)));
  });
}

/** Answers `{ type: 'memory' }` (and `heap-profile`) over the IPC channel (soak only: MEMORY_PROBE=1 and a channel). */
export function installMemoryProbe(env: NodeJS.ProcessEnv = process.env): boolean {
  const send = process.send?.bind(process);
  if (env.MEMORY_PROBE !== '1' || !send) return false;
  gcProfiler = new v8.GCProfiler();
  gcProfiler.start();
  let session: Session | undefined;
  if (env.MEMORY_PROBE_HEAP === '1') {
    session = new Session();
    session.connect();
    // 64 KB: one sample per 64 KB allocated on average (V8's default is 32 KB), cheap enough under load.
    void post(session, 'HeapProfiler.startSampling', { samplingInterval: 65_536 });
  }
  process.on('message', (msg: unknown) => {
    const type = (msg as { type?: unknown } | null)?.type;
    if (type === 'memory') send({ type: 'memory', sample: memorySample() });
    else if (type === 'heap-profile') {
      if (!session) send({ type: 'heap-profile', sites: [] });
      else
        void post<{ profile: { head: HeapProfileNode } }>(session, 'HeapProfiler.getSamplingProfile').then(
          (r) => send({ type: 'heap-profile', sites: heapSites(r.profile.head, 15) }),
          () => send({ type: 'heap-profile', sites: [] }),
        );
    }
  });
  // The channel must not keep a process alive that would otherwise exit.
  process.channel?.unref();
  return true;
}
