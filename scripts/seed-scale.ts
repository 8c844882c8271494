/**
 * `npm run seed:scale -- --stores 10000 --products 100 --big-stores 10 --big-products 10000 --orders 1000000`
 *
 * `--stock N` (default 1,000) is each in-stock variant's stock; the scale
 * bench seeds 1,000,000 so its add-to-cart load never runs a variant out —
 * give the same to a database it is pointed at (BENCH_SCALE_DATABASE).
 *
 * Seeds a database for the scale proof (see bench/scale-seed.ts): migrates
 * it first, then inserts the stores, catalogues and order history with
 * set-based SQL over the owner connection. The target is DATABASE_URL (or
 * --database URL); it refuses the embedded default, whose data is yours.
 *
 * `--connections N` (default 2, one per core here) shares the chunks of
 * stores, the index builds and the key validations over N owner connections.
 * `--layout store` writes each store's catalogue rows together (a store
 * provisioned and imported in one go) instead of the default 'interleaved'
 * order (bench/scale-seed-rows.ts, SeedLayout); the benchmark databases use
 * the default.
 * `--as-of ISO-TIME` fixes the instant the seeded times count back from, so
 * two runs give identical databases (default: now).
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { seedScale } from '../bench/scale-seed.js';
import { createDb, createPool } from '../src/lib/db/index.js';
import { migrateToLatest } from '../src/lib/db/migrate.js';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    stores: { type: 'string', default: '1000' },
    products: { type: 'string', default: '100' },
    'big-stores': { type: 'string', default: '0' },
    'big-products': { type: 'string', default: '10000' },
    orders: { type: 'string', default: '0' },
    prefix: { type: 'string', default: 'scale' },
    stock: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '2' },
    'as-of': { type: 'string' },
    layout: { type: 'string', default: 'interleaved' },
  },
});

const url = values.database ?? process.env.DATABASE_URL;
const count = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a whole number ≥ 0\n`);
    process.exit(2);
  }
  return n;
};
if (!url) {
  process.stderr.write('seed:scale needs DATABASE_URL or --database (a database you can fill)\n');
  process.exit(2);
}
const layout = values.layout;
if (layout !== 'interleaved' && layout !== 'store') {
  process.stderr.write('--layout must be interleaved or store\n');
  process.exit(2);
}
if (!/^[a-z][a-z0-9]*$/.test(values.prefix ?? '')) {
  process.stderr.write('--prefix must be lowercase letters and digits\n');
  process.exit(2);
}

await createDatabaseIfMissing(url);
const owner = createDb(createPool({ connectionString: url, max: 1 }));
await migrateToLatest(owner);
await owner.destroy();
const asOf = values['as-of'] ? new Date(values['as-of']) : new Date();
if (Number.isNaN(asOf.getTime())) {
  process.stderr.write('--as-of must be an ISO time\n');
  process.exit(2);
}
const clients = Array.from(
  { length: Math.max(1, count('connections')) },
  () => new pg.Client({ connectionString: url }),
);
await Promise.all(clients.map((c) => c.connect()));
try {
  const groups = [
    { stores: count('stores'), products: count('products') },
    { stores: count('big-stores'), products: count('big-products') },
  ].filter((g) => g.stores > 0);
  const r = await seedScale(clients[0]!, {
    prefix: values.prefix!,
    groups,
    orders: count('orders'),
    stock: count('stock'),
    asOf,
    layout,
    extraClients: clients.slice(1),
  });
  const list = (xs: [string, number][]) => xs.map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(', ');
  process.stdout.write(
    `seeded ${r.stores} stores, ${r.products} products, ${r.orders} orders in ${r.seconds.toFixed(1)} s ` +
      `over ${clients.length} connection(s), as of ${asOf.toISOString()}\n` +
      `  phases (wall clock): ${list(r.phases)}\n` +
      `  load phase by kind (statement time summed over the connections): ${list(r.spent)}\n`,
  );
} finally {
  await Promise.all(clients.map((c) => c.end()));
}

/**
 * Creates the target database when the server says it does not exist (3D000),
 * through the server's `postgres` database, so a fresh cluster needs no
 * separate `createdb` step; any other connection failure is said in one line.
 */
async function createDatabaseIfMissing(target: string): Promise<void> {
  const probe = new pg.Client({ connectionString: target });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (err) {
    await probe.end().catch(() => undefined);
    if ((err as { code?: string }).code !== '3D000') {
      process.stderr.write(`seed:scale cannot reach ${redact(target)}: ${(err as Error).message}\n`);
      process.exit(1);
    }
  }
  const server = new URL(target);
  const name = decodeURIComponent(server.pathname.slice(1));
  server.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`create database "${name.replaceAll('"', '""')}"`);
    process.stdout.write(`created database ${name}\n`);
  } finally {
    await admin.end();
  }
}

/** The URL without its password, for messages. */
function redact(target: string): string {
  const u = new URL(target);
  if (u.password) u.password = '***';
  return u.toString();
}
