/**
 * Migrations under a lock: two processes migrating the same empty database at
 * once both succeed, and every file is applied exactly once.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { createDb, createPool } from '../../src/lib/db/index.js';
import { MIGRATIONS_DIR, migrateToLatest } from '../../src/lib/db/migrate.js';

it('two concurrent migrators apply each file once', async () => {
  const adminUrl = new URL(inject('databaseUrl'));
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  const name = `storeloom_migrate_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const a = createDb(createPool({ connectionString: url.toString(), max: 1, statementTimeoutMs: 120_000 }));
  const b = createDb(createPool({ connectionString: url.toString(), max: 1, statementTimeoutMs: 120_000 }));
  try {
    const [ra, rb] = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.replace(/\.sql$/, ''))
      .sort();
    // One of them did all the work; the other found nothing left to do.
    expect([...ra.applied, ...rb.applied].sort()).toEqual(files);
    const check = new pg.Client({ connectionString: url.toString() });
    await check.connect();
    const { rows } = await check.query<{ name: string }>('select name from kysely_migration order by name');
    await check.end();
    expect(rows.map((r) => r.name)).toEqual(files);
  } finally {
    await a.destroy();
    await b.destroy();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}, 180_000);
