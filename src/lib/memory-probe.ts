/**
 * The soak's view into a process's memory, with no route and no port: when
 * the process was started with an IPC channel (child_process 'ipc') and
 * MEMORY_PROBE=1, a `{ type: 'memory' }` message is answered with
 * process.memoryUsage(), V8's heap spaces and the sizes that named caches
 * report (`reportSize`). Without both, nothing is installed.
 */
import v8 from 'node:v8';

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
}

const sizeReporters = new Map<string, () => number>();

/** Names a size the probe reports (e.g. a cache's entry count); the last registration of a name wins. */
export function reportSize(name: string, size: () => number): void {
  sizeReporters.set(name, size);
}

export function memorySample(): MemorySample {
  const m = process.memoryUsage();
  const spaces: MemorySample['spaces'] = {};
  for (const s of v8.getHeapSpaceStatistics())
    spaces[s.space_name] = { size: s.space_size, used: s.space_used_size };
  const sizes: Record<string, number> = {};
  for (const [name, size] of sizeReporters) sizes[name] = size();
  return {
    rss: m.rss,
    heapTotal: m.heapTotal,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    spaces,
    sizes,
  };
}

/** Answers `{ type: 'memory' }` over the IPC channel (soak only: needs MEMORY_PROBE=1 and a channel). */
export function installMemoryProbe(env: NodeJS.ProcessEnv = process.env): boolean {
  const send = process.send?.bind(process);
  if (env.MEMORY_PROBE !== '1' || !send) return false;
  process.on('message', (msg: unknown) => {
    if ((msg as { type?: unknown } | null)?.type === 'memory')
      send({ type: 'memory', sample: memorySample() });
  });
  // The channel must not keep a process alive that would otherwise exit.
  process.channel?.unref();
  return true;
}
