/**
 * The soak's deferred job kinds: work the platform only starts a while after
 * the load does. In a soak that is the recommendations rebuild — each store's
 * first order asks for one 15 minutes later (service.ts, the order debounce),
 * and since the seeded stores have never been built, that first round is a
 * full build of every store at once. A process that first meets such a round
 * at minute 15 steps up its memory there, which a window rule cannot tell from
 * growth unless the kind has already run once before the judged windows. What
 * the step is (heap snapshots of 200 stores' full builds in one process, after
 * a forced GC): the first round leaves +5.5 MB of heap and +2.7 MB of array
 * buffers live — the recommendations serving cache, which the rebuild's
 * `forget` creates in the worker, with lru-cache's arrays and typed arrays
 * preallocated to each cache's max (4.9 + 2.7 MB), and ~0.7 MB of compiled
 * code; the second and third rounds leave +0.2 MB (code) and +0 MB. Fixed
 * size, once: warm-up, not growth.
 *
 * So the soak starts each deferred kind itself, soon after the load starts
 * (`--deferred-after`, seconds; soak only — production keeps its delays): the
 * same job the order path queues (`requestRebuild`, incremental, which is a
 * full build for a store never built) for every store, delayed by that many
 * seconds. It then watches those jobs: the kind has run once when all of them
 * have finished. Warm-up lasts until every kind has run once (and at least
 * the first window: start-up); the memory judgement covers the windows after
 * it. The order path's own 15-minute rebuilds still run later, inside the
 * judged windows, so a step that repeats with every round is still seen.
 */
import type { QueueHub } from '../src/lib/queue.js';
import { RECOMMENDATIONS_QUEUE, requestRebuild } from '../src/modules/recommendations/service.js';

export interface DeferredKind {
  kind: string;
  /** Jobs the soak queued for the kind. */
  queued: number;
  /** Seconds since the load started at which the first, and the last, of them finished (null: not yet). */
  firstDoneS: number | null;
  allDoneS: number | null;
  failed: number;
}

export interface DeferredTracker {
  /** Looks at the outstanding jobs once (the soak calls it every few seconds). */
  poll(): Promise<void>;
  kinds(): DeferredKind[];
  /** Seconds since the load started at which every kind had run once; null while one has not. */
  doneAtS(): number | null;
}

interface Pending {
  kind: DeferredKind;
  queue: string;
  ids: Set<string>;
}

/** Queues every deferred kind for `tenantIds`, `afterSeconds` from now, and returns its tracker. */
export async function startDeferredKinds(
  hub: QueueHub,
  tenantIds: string[],
  opts: { afterSeconds: number; startedMs: number },
): Promise<DeferredTracker> {
  const delayMs = Math.max(1, Math.round(opts.afterSeconds * 1000));
  const now = new Date();
  const rebuild: Pending = {
    kind: { kind: 'recommendations rebuild', queued: 0, firstDoneS: null, allDoneS: null, failed: 0 },
    queue: RECOMMENDATIONS_QUEUE,
    ids: new Set(),
  };
  const slot = Math.floor(now.getTime() / delayMs);
  for (const tenantId of tenantIds) {
    await requestRebuild(hub, tenantId, now, delayMs, 'incremental');
    // requestRebuild's job id (same debounce slot, so the same job): the soak only watches it.
    rebuild.ids.add(`rebuild-incremental-${tenantId}-${slot}`);
  }
  rebuild.kind.queued = rebuild.ids.size;
  const pending = [rebuild];
  const seconds = () => Math.round((Date.now() - opts.startedMs) / 1000);
  return {
    async poll() {
      for (const p of pending) {
        if (p.ids.size === 0) continue;
        const q = hub.queue(p.queue);
        for (const id of [...p.ids]) {
          const state = await q.getJobState(id);
          if (state !== 'completed' && state !== 'failed') continue;
          p.ids.delete(id);
          if (state === 'failed') p.kind.failed++;
          p.kind.firstDoneS ??= seconds();
        }
        if (p.ids.size === 0) p.kind.allDoneS = seconds();
      }
    },
    kinds: () => pending.map((p) => ({ ...p.kind })),
    doneAtS() {
      const at = pending.map((p) => p.kind.allDoneS);
      return at.some((s) => s === null) ? null : Math.max(0, ...(at as number[]));
    },
  };
}

/**
 * Warm-up windows: the start-up window, and every window up to and including the one in which the last
 * deferred kind finished its first run; all windows when one never finished (nothing is judged then).
 */
export function warmupWindows(doneAtS: number | null, windowSeconds: number, windows: number): number {
  if (doneAtS === null) return windows;
  return Math.max(1, Math.floor(doneAtS / windowSeconds) + 1);
}
