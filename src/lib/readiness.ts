/**
 * Readiness (/readyz): does the database answer, does the queue answer?
 * Probes reuse the pools that already exist (the app pool; the queue hub's
 * own connections), run at most once a second per process whatever the
 * number of callers (concurrent callers share one probe in flight, then its
 * answer is served for a second), and give up after two seconds. So an
 * unauthenticated caller costs no connection, and a crowd of them cannot
 * starve the requests that need the pool.
 */
import { type Db, pingDb } from './db/index.js';
import type { QueueHub } from './queue.js';

export interface Readiness {
  ok: boolean;
  database: boolean;
  queue: boolean;
}

const CACHE_MS = 1_000;
const PROBE_TIMEOUT_MS = 2_000;

interface Probe {
  at: number;
  answer: Promise<Readiness>;
}

const probes = new WeakMap<Db, Probe>();

function within<T>(p: Promise<T>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([
    p.then(
      () => true,
      () => false,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

async function probe(db: Db, hub: QueueHub): Promise<Readiness> {
  const [database, queue] = await Promise.all([
    within(pingDb(db), PROBE_TIMEOUT_MS),
    within(hub.ping(), PROBE_TIMEOUT_MS),
  ]);
  return { ok: database && queue, database, queue };
}

/** The platform's readiness, probed at most once a second (the answer is cached from when its probe began). */
export function checkReadiness(deps: { db: Db; hub: QueueHub }, now = Date.now()): Promise<Readiness> {
  const last = probes.get(deps.db);
  if (last && now - last.at < CACHE_MS) return last.answer;
  const answer = probe(deps.db, deps.hub);
  probes.set(deps.db, { at: now, answer });
  return answer;
}
