/**
 * CPU time spent by processes, read from /proc (Linux): what a scenario cost
 * the API process and the bench database's PostgreSQL backends per request.
 * Unlike req/s on a shared 2-core machine, CPU per request hardly moves with
 * what else runs, so two trees can be compared by it run after run.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';

/** Linux's USER_HZ: /proc reports CPU time in 1/100 s on every architecture Node runs on here. */
const MS_PER_TICK = 10;

/** utime + stime of the given processes, in ms (processes that are gone count 0). */
export function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* exited */
    }
  }
  return ticks * MS_PER_TICK;
}

/** The backends currently connected to one database (the bench's own: other databases' work is not counted). */
export async function backendPids(client: pg.Client, database: string): Promise<number[]> {
  const { rows } = await client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [database],
  );
  return rows.map((r) => r.pid);
}

export interface CpuSample {
  api: number;
  /** CPU ms by backend pid: a backend that connects during the run counts from zero. */
  db: Map<number, number>;
}

/** Samples the API process's and the database backends' CPU; `perRequest` gives ms per request. */
export function cpuMeter(client: pg.Client, database: string, apiPid: number) {
  return {
    async sample(): Promise<CpuSample> {
      const pids = await backendPids(client, database);
      return { api: cpuMs([apiPid]), db: new Map(pids.map((pid) => [pid, cpuMs([pid])])) };
    },
    perRequest(a: CpuSample, b: CpuSample, requests: number): { api: number; db: number } {
      let db = 0;
      for (const [pid, ms] of b.db) db += ms - (a.db.get(pid) ?? 0);
      const per = (x: number) => (requests > 0 ? x / requests : 0);
      return { api: per(b.api - a.api), db: per(db) };
    },
  };
}
