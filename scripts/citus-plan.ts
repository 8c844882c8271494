/**
 * `npm run citus:plan`: prints the Citus commands that distribute the current
 * schema by tenant_id (see scripts/citus-plan-lib.ts), read from DATABASE_URL
 * (or --database URL) after migrations.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { citusPlan } from './citus-plan-lib.js';

const { values } = parseArgs({ options: { database: { type: 'string' } } });
const url = values.database ?? process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('citus:plan needs DATABASE_URL or --database (a migrated database)\n');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  process.stdout.write((await citusPlan(client)).sql);
} finally {
  await client.end();
}
