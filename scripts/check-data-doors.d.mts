/** Types for scripts/check-data-doors.mjs (used by tests/lib/data-doors.test.ts). */
export interface DataDoorOffence {
  file: string;
  hits: { line: number; what: string }[];
}

/** Files under `root`/src and `root`/workers that run SQL outside a data door, sorted by path. */
export function findOffences(root?: string): DataDoorOffence[];
