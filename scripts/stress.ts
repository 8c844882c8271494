/**
 * `npm run stress [-- --runs N --shoppers 200 --stock 10]`: the zero-oversell
 * proof at scale. Each run gives a fresh variant `--stock` units and fires
 * `--shoppers` concurrent checkouts (each its own cart of 1 unit) through the
 * real HTTP app in-process. An oversell is any run where more checkouts
 * succeeded than there was stock, or the variant's reserved count, its
 * reservation rows or its order count disagree with the successes, or order
 * numbers have a gap. Prints the number of oversells (must be 0) and timing.
 *
 * Runs against its own throw-away database (random name) on
 * STRESS_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * migrated with src/lib/db/migrate.ts and dropped at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { bootPlatform } from '../src/boot.js';
import { parseConfig } from '../src/lib/config.js';
import { createDb, createPool, withPlatformAccess, withTenant } from '../src/lib/db/index.js';
import { migrateToLatest } from '../src/lib/db/migrate.js';
import { createLogger } from '../src/lib/logger.js';
import { createProduct } from '../src/modules/catalog/service.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    shoppers: { type: 'string', default: '200' },
    stock: { type: 'string', default: '10' },
    pool: { type: 'string', default: '20' },
  },
});
const RUNS = Number(args.runs);
const SHOPPERS = Number(args.shoppers);
const STOCK = Number(args.stock);
for (const [name, v] of Object.entries({ runs: RUNS, shoppers: SHOPPERS, stock: STOCK })) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
}

const ADMIN_URL = process.env.STRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `storeloom_stress_${randomBytes(4).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

async function admin(sqlText: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sqlText);
  } finally {
    await c.end();
  }
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function main(): Promise<number> {
  await admin(`create database ${dbName}`);
  let cleanup = async () => {};
  try {
    const owner = createDb(createPool({ connectionString: dbUrl, max: 1 }));
    await migrateToLatest(owner);
    await owner.destroy();

    const config = parseConfig({
      NODE_ENV: 'test',
      DATABASE_URL: dbUrl,
      LOG_LEVEL: 'silent',
      DB_POOL_SIZE: args.pool,
      DATA_DIR: `/tmp/${dbName}`,
    });
    const platform = await bootPlatform(config, createLogger({ level: 'silent' }), { migrate: false });
    cleanup = () => platform.close();
    const { deps } = platform;
    const app = createApp(deps);

    const handle = `stress-${randomBytes(3).toString('hex')}`;
    const tenant = await withPlatformAccess(deps.db, (trx) =>
      trx
        .insertInto('tenants')
        .values({ handle, name: 'Stress store', currency: 'USD', updated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const tenantId = tenant.id;
    const host = `${handle}.localhost:3000`;
    // One product (plan limits count products); each run adds a fresh variant to it.
    const product = await withTenant(deps.db, tenantId, (trx) =>
      createProduct(trx, tenantId, {
        title: 'Stress product',
        status: 'active',
        variants: [{ sku: `STRESS-0-${randomUUID().slice(0, 8)}`, price: 1000, stock: 0 }],
      }),
    );
    const productId = product.id;

    console.log(
      `stress: ${RUNS} runs × ${SHOPPERS} concurrent checkouts for ${STOCK} units (database ${dbName})`,
    );
    let oversells = 0;
    let sold = 0;
    let refused = 0;
    let unexpected = 0;
    const runMs: number[] = [];
    const started = performance.now();

    let runsDone = 0;
    for (let run = 1; run <= RUNS && !interrupted; run++) {
      runsDone = run;
      // Setup (not timed): a fresh variant and one cart of 1 unit per shopper.
      const variantId = await withTenant(deps.db, tenantId, async (trx) => {
        const v = await trx
          .insertInto('variants')
          .values({
            tenant_id: tenantId,
            product_id: productId,
            sku: `STRESS-${run}-${randomUUID().slice(0, 8)}`,
            price: 1000,
            stock: STOCK,
            updated_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return v.id;
      });
      const cartIds = await withTenant(deps.db, tenantId, async (trx) => {
        const carts = await trx
          .insertInto('carts')
          .values(
            Array.from({ length: SHOPPERS }, () => ({
              tenant_id: tenantId,
              currency: 'USD',
              updated_at: new Date(),
            })),
          )
          .returning('id')
          .execute();
        await trx
          .insertInto('cart_items')
          .values(
            carts.map((c) => ({ tenant_id: tenantId, cart_id: c.id, variant_id: variantId, quantity: 1 })),
          )
          .execute();
        return carts.map((c) => c.id);
      });

      const t0 = performance.now();
      const statuses = await Promise.all(
        cartIds.map(async (cartId) => {
          const res = await app.request(`http://${host}/api/store/carts/${cartId}/checkout`, {
            method: 'POST',
            headers: { host, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
            body: JSON.stringify({
              email: 'stress@example.test',
              shippingAddress: { name: 'S', line1: '1 Road', city: 'Town', postalCode: '1', country: 'US' },
            }),
          });
          await res.arrayBuffer();
          return res.status;
        }),
      );
      runMs.push(performance.now() - t0);

      const ok = statuses.filter((s) => s === 201).length;
      const conflict = statuses.filter((s) => s === 409).length;
      sold += ok;
      refused += conflict;
      unexpected += statuses.length - ok - conflict;
      const facts = await withTenant(deps.db, tenantId, async (trx) => {
        const v = await trx
          .selectFrom('variants')
          .select(['stock', 'reserved'])
          .where('id', '=', variantId)
          .executeTakeFirstOrThrow();
        const held = await trx
          .selectFrom('reservations')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity'), eb.lit(0)).as('q'))
          .where('variant_id', '=', variantId)
          .where('status', '=', 'held')
          .executeTakeFirstOrThrow();
        const lines = await trx
          .selectFrom('order_lines')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('variant_id', '=', variantId)
          .executeTakeFirstOrThrow();
        const numbers = await trx
          .selectFrom('orders')
          .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('number').as('max')])
          .executeTakeFirstOrThrow();
        return {
          ...v,
          held: Number(held.q),
          lines: Number(lines.n),
          orders: Number(numbers.n),
          max: numbers.max,
        };
      });
      const gapless = facts.orders === 0 || facts.max === 1000 + facts.orders;
      const oversold =
        ok > STOCK ||
        facts.reserved > facts.stock ||
        facts.reserved !== ok ||
        facts.held !== ok ||
        facts.lines !== ok ||
        !gapless;
      if (oversold) {
        oversells++;
        console.log(`run ${run}: OVERSELL ${JSON.stringify({ ok, conflict, ...facts })}`);
      }
      if (run % 50 === 0 || run === RUNS || interrupted) {
        const elapsed = (performance.now() - started) / 1000;
        console.log(
          `run ${run}/${RUNS}: oversells ${oversells}, last run ${ok} sold / ${conflict} refused in ${runMs.at(-1)!.toFixed(0)} ms (${elapsed.toFixed(0)} s elapsed)`,
        );
      }
    }

    const totalS = runMs.reduce((a, b) => a + b, 0) / 1000;
    const checkouts = runsDone * SHOPPERS;
    console.log('');
    console.log(`runs:        ${runsDone}${runsDone < RUNS ? ` of ${RUNS} (interrupted)` : ''}`);
    console.log(`checkouts:   ${checkouts} (${sold} sold, ${refused} × 409, ${unexpected} unexpected)`);
    console.log(`oversells:   ${oversells}`);
    console.log(
      `timing:      ${totalS.toFixed(1)} s of checkouts, ${(checkouts / totalS).toFixed(0)} checkouts/s; per run p50 ${percentile(runMs, 50).toFixed(0)} ms, p99 ${percentile(runMs, 99).toFixed(0)} ms`,
    );
    return oversells === 0 && unexpected === 0 ? 0 : 1;
  } finally {
    await cleanup().catch(() => {});
    await admin(`drop database if exists ${dbName} with (force)`).catch((err) =>
      console.error(`could not drop ${dbName}:`, err),
    );
  }
}

// Ctrl-C: finish the current run, print the summary, drop the database.
// A second Ctrl-C drops the database at once.
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) {
    admin(`drop database if exists ${dbName} with (force)`).finally(() => process.exit(130));
    return;
  }
  interrupted = true;
  console.log('\ninterrupted: stopping after this run');
});

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
