/**
 * `npm run bench -- rebuild-round`: the V8 heap cost of one recommendations rebuild round in one process —
 * the soak's round (bench/soak-deferred.ts): ~200 stores seeded as the soak seeds them (bench/scale-seed.ts,
 * 100 products and 20 orders each), each rebuilt one after another as the `recommendations` processor does
 * (concurrency 1; the processor's handler is rebuildStore plus a log line). Round 1 is warm-up (compiled
 * code, pools); rounds 2–3 are measured. Load-independent figures from V8's GC profiler: bytes allocated
 * on the V8 heap, bytes that went into old space (promoted by scavenges, or allocated there directly:
 * large objects), peak old-space use; then old space and RSS
 * after the round and after REBUILD_ROUND_IDLE_S seconds idle (default 60). Run it with the worker's
 * semi-space (`node --max-semi-space-size=16 --min-semi-space-size=16 --import tsx bench/index.ts
 * rebuild-round`) so promotion happens as in the worker.
 */
import { GCProfiler, getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import pg from 'pg';
import { createDb, createPool, type Db } from '../src/lib/db/index.js';
import { appDatabaseUrl } from '../src/lib/db/roles.js';
import { rebuildStore } from '../src/modules/recommendations/rebuild.js';
import { scratchDatabase } from './harness.js';
import { seedScale } from './scale-seed.js';

const MB = 1024 * 1024;
const STORES = Number(process.env.REBUILD_ROUND_STORES ?? 200);
const IDLE_S = Number(process.env.REBUILD_ROUND_IDLE_S ?? 60);

/** A heap space as the GC profiler names it (getHeapSpaceStatistics uses snake_case). */
interface SpaceUse {
  spaceName: string;
  spaceUsedSize: number;
}
interface GcEntry {
  gcType: string;
  beforeGC: { heapStatistics: { usedHeapSize: number }; heapSpaceStatistics: SpaceUse[] };
  afterGC: { heapStatistics: { usedHeapSize: number }; heapSpaceStatistics: SpaceUse[] };
}

const used = (spaces: SpaceUse[], names: string[]) =>
  spaces.filter((s) => names.includes(s.spaceName)).reduce((n, s) => n + s.spaceUsedSize, 0);
const usedNow = (names: string[]) =>
  getHeapSpaceStatistics()
    .filter((s) => names.includes(s.space_name))
    .reduce((n, s) => n + s.space_used_size, 0);
const OLD = ['old_space', 'large_object_space'];

export interface RoundFigures {
  allocatedMb: number;
  promotedMb: number;
  /** Everything that went into old and large-object space: promotions plus objects allocated there directly. */
  intoOldMb: number;
  scavenges: number;
  markCompacts: number;
  peakOldMb: number;
  oldAfterMb: number;
  rssAfterMb: number;
  seconds: number;
}

/** One round of every store's rebuild, with what V8's GC profiler saw. */
async function round(db: Db, tenantIds: string[]): Promise<RoundFigures> {
  const profiler = new GCProfiler();
  const startUsed = getHeapStatistics().used_heap_size;
  let oldLast = usedNow(OLD);
  const started = performance.now();
  profiler.start();
  for (const id of tenantIds) await rebuildStore(db, id, new Date(), 'full');
  const endUsed = getHeapStatistics().used_heap_size;
  const stats = (profiler.stop()?.statistics ?? []) as unknown as GcEntry[];
  let allocated = 0;
  let last = startUsed;
  let promoted = 0;
  let peakOld = 0;
  let direct = 0;
  for (const e of stats) {
    direct += Math.max(0, used(e.beforeGC.heapSpaceStatistics, OLD) - oldLast);
    oldLast = used(e.afterGC.heapSpaceStatistics, OLD);
    allocated += Math.max(0, e.beforeGC.heapStatistics.usedHeapSize - last);
    last = e.afterGC.heapStatistics.usedHeapSize;
    peakOld = Math.max(peakOld, used(e.beforeGC.heapSpaceStatistics, OLD));
    if (e.gcType === 'Scavenge')
      promoted += used(e.afterGC.heapSpaceStatistics, OLD) - used(e.beforeGC.heapSpaceStatistics, OLD);
  }
  allocated += Math.max(0, endUsed - last);
  const oldNow = usedNow(OLD);
  direct += Math.max(0, oldNow - oldLast);
  return {
    allocatedMb: allocated / MB,
    promotedMb: promoted / MB,
    intoOldMb: (promoted + direct) / MB,
    scavenges: stats.filter((e) => e.gcType === 'Scavenge').length,
    markCompacts: stats.filter((e) => e.gcType === 'MarkSweepCompact').length,
    peakOldMb: Math.max(peakOld, oldNow) / MB,
    oldAfterMb: oldNow / MB,
    rssAfterMb: process.memoryUsage().rss / MB,
    seconds: (performance.now() - started) / 1000,
  };
}

const fmt = (r: RoundFigures) =>
  `allocated ${r.allocatedMb.toFixed(1)} MB, into old space ${r.intoOldMb.toFixed(1)} MB ` +
  `(promoted ${r.promotedMb.toFixed(1)} MB, ${r.scavenges} scavenges, ${r.markCompacts} mark-compacts), ` +
  `old space peak ${r.peakOldMb.toFixed(1)} ` +
  `→ after ${r.oldAfterMb.toFixed(1)} MB, RSS ${r.rssAfterMb.toFixed(0)} MB, ${r.seconds.toFixed(1)} s`;

export async function runRebuildRoundBench(): Promise<RoundFigures[]> {
  const scratch = await scratchDatabase('bench_rebuild_round');
  const owner = new pg.Client({ connectionString: scratch.url });
  await owner.connect();
  const db = createDb(createPool({ connectionString: appDatabaseUrl(scratch.url), max: 4 }), {
    prepare: true,
  });
  try {
    await seedScale(owner, {
      prefix: 'soak',
      groups: [{ stores: STORES, products: 100 }],
      orders: STORES * 20,
      stock: 1_000_000,
    });
    const { rows } = await owner.query<{ id: string }>(
      'select id from tenants where handle like $1 order by id',
      ['soak-%'],
    );
    const ids = rows.map((r) => r.id);
    const out: RoundFigures[] = [];
    for (let r = 1; r <= 3; r++) {
      const figures = await round(db, ids);
      process.stdout.write(
        `round ${r}${r === 1 ? ' (warm-up)' : ''} of ${ids.length} stores: ${fmt(figures)}\n`,
      );
      if (r > 1) out.push(figures);
    }
    if (IDLE_S > 0) {
      await new Promise((res) => setTimeout(res, IDLE_S * 1000));
      process.stdout.write(
        `after ${IDLE_S} s idle: old space ${(usedNow(OLD) / MB).toFixed(1)} MB, ` +
          `RSS ${(process.memoryUsage().rss / MB).toFixed(0)} MB\n`,
      );
    }
    return out;
  } finally {
    await db.destroy();
    await owner.end();
    await scratch.drop();
  }
}
