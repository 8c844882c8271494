/**
 * Migrations: the SQL files of migrations/, applied in name order by Kysely's
 * Migrator over the owner connection. Kysely holds a PostgreSQL advisory lock
 * for the whole run, so two processes never migrate at once. Files are never
 * edited once landed; a change is a new file.
 *
 * Before the files run, the roles exist (./roles.ts); after them, BullMQ's own
 * schema is migrated when the queue runs on PostgreSQL.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { projectPath } from '../paths.js';
import type { Db } from './index.js';
import { ensureRoles } from './roles.js';

export const MIGRATIONS_DIR = projectPath('migrations');

class SqlFileProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.dir)).filter((f) => f.endsWith('.sql')).sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(path.join(this.dir, file), 'utf8');
      // No parameters → node-postgres uses the simple protocol, which runs a
      // multi-statement file as one script inside the migrator's transaction.
      out[file.replace(/\.sql$/, '')] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return out;
  }
}

export interface MigrateResult {
  applied: string[];
}

export async function migrateToLatest(
  owner: Db,
  opts: { appPassword?: string; dir?: string } = {},
): Promise<MigrateResult> {
  await ensureRoles(owner, opts.appPassword);
  // Each area owns a number range (0030–0039, 0040–0049, …), so a branch can
  // land 0041 after a database already ran 0060: apply every unapplied file,
  // in name order, instead of refusing. Each file still runs exactly once.
  const migrator = new Migrator({
    db: owner,
    provider: new SqlFileProvider(opts.dir ?? MIGRATIONS_DIR),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
