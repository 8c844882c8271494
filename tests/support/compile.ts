/** Compiling statements in tests without sending them (statement-shape tests). */
import { randomUUID } from 'node:crypto';
import type { CompiledQuery } from 'kysely';
import { type Trx, withTenant } from '../../src/lib/db/index.js';
import { testPlatform } from './platform.js';

/** Compiles inside a tenant transaction that runs no statement (so sends nothing). */
export async function compileIn<T>(fn: (trx: Trx) => T): Promise<T> {
  const p = await testPlatform();
  return withTenant(p.deps.db, randomUUID(), async (trx) => fn(trx));
}

/** A compiled statement's text and parameters, for comparing two compiles. */
export const plain = (q: CompiledQuery) => ({ sql: q.sql, parameters: [...q.parameters] });
