/**
 * `npm run bench -- rls`: what row-level security costs on an indexed lookup.
 *
 * The same lookup — a variant by SKU, served by the (tenant_id, sku) unique
 * index — 10,000 times:
 *   RLS    as storeloom_app inside withTenant (the policy supplies tenant_id);
 *   owner  as the owner role (superuser: RLS bypassed) with an explicit
 *          `tenant_id = $1` filter, inside a transaction.
 * Each run is one unit of work (its own transaction), as in a request; a
 * second figure runs the 10,000 lookups inside ONE transaction per side, which
 * isolates the policy's own cost from withTenant's extra set_config round trip.
 * The two sides alternate lookup by lookup so machine load hits both alike.
 * Target: ratio ≤ 1.10.
 *
 * Uses its own database (random name) on BENCH_PG_URL (default
 * postgres://postgres@127.0.0.1:5432), migrated here and dropped after.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, createPool, type Db, withTenant } from '../src/lib/db/index.js';
import { migrateToLatest } from '../src/lib/db/migrate.js';
import { appDatabaseUrl } from '../src/lib/db/roles.js';
import { cpuMs } from './cpu.js';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNS = Number(process.env.BENCH_RLS_RUNS ?? 10_000);
const TENANTS = 10;
const VARIANTS_PER_TENANT = 1_000;

const log = (s: string) => process.stdout.write(`${s}\n`);

interface Lookup {
  tenantId: string;
  sku: string;
}

async function seed(owner: Db): Promise<Lookup[]> {
  await sql`
    insert into tenants (handle, name, updated_at)
    select 'bench-' || i, 'Bench ' || i, now() from generate_series(1, ${TENANTS}) i`.execute(owner);
  await sql`
    insert into products (tenant_id, handle, title, status)
    select t.id, 'p-' || i, 'Product ' || i, 'active'
      from tenants t, generate_series(1, ${VARIANTS_PER_TENANT}) i`.execute(owner);
  await sql`
    insert into variants (tenant_id, product_id, sku, price, stock)
    select p.tenant_id, p.id, 'SKU-' || substr(p.handle, 3), 1000 + length(p.handle), 10 from products p`.execute(
    owner,
  );
  await sql`analyze`.execute(owner);
  const { rows } = await sql<{ tenant_id: string; sku: string }>`
    select tenant_id, sku from variants order by random() limit ${RUNS}`.execute(owner);
  return rows.map((r) => ({ tenantId: r.tenant_id, sku: r.sku }));
}

type Side = (l: Lookup) => Promise<number>;

export async function runRlsBench(): Promise<void> {
  const dbName = `storeloom_bench_rls_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const ownerUrl = url.toString();
  const owner = createDb(
    createPool({
      connectionString: ownerUrl,
      max: 1,
      applicationName: 'bench-owner',
      statementTimeoutMs: 600_000,
    }),
    { prepare: true },
  );
  // The app's pool prepares its statements (as in production); the owner's
  // side gets the same, so the comparison is the policy alone.
  const app = createDb(
    createPool({ connectionString: appDatabaseUrl(ownerUrl), max: 1, applicationName: 'bench-app' }),
    { prepare: true },
  );
  try {
    await migrateToLatest(owner);
    const lookups = await seed(owner);
    log(
      `rls bench: ${TENANTS} tenants × ${VARIANTS_PER_TENANT} variants, ${lookups.length} lookups per side`,
    );

    // Per unit of work: one transaction per lookup.
    const rlsUnit: Side = (l) =>
      withTenant(app, l.tenantId, async (trx) => {
        const { rows } = await sql<{ price: number }>`
          select id, price, stock from variants where sku = ${l.sku}`.execute(trx);
        return rows[0]?.price ?? 0;
      });
    const ownerUnit: Side = (l) =>
      owner.transaction().execute(async (trx) => {
        const { rows } = await sql<{ price: number }>`
          select id, price, stock from variants where tenant_id = ${l.tenantId} and sku = ${l.sku}`.execute(
          trx,
        );
        return rows[0]?.price ?? 0;
      });

    // The plan under RLS must be the index lookup, not a scan.
    const plan = await withTenant(app, lookups[0]!.tenantId, (trx) =>
      sql<{
        'QUERY PLAN': string;
      }>`explain select id, price, stock from variants where sku = ${lookups[0]!.sku}`.execute(trx),
    );
    const planText = plan.rows.map((r) => r['QUERY PLAN']).join(' | ');
    log(`plan under RLS: ${planText}`);

    // Interleaved, one lookup per side at a time (order alternating), so the
    // load of a shared machine falls on both sides alike. The first 1,000
    // pairs warm caches and are not counted.
    const check = (l: Lookup, price: number) => {
      if (!(price > 0)) throw new Error(`lookup of ${l.sku} found nothing`);
    };
    // Load-independent figures beside the times: CPU of this process around each side's calls
    // (µs, process.cpuUsage) and of each side's own backend (one connection per side, /proc).
    const nodeCpu = { rls: 0, owner: 0 };
    let side: keyof typeof nodeCpu = 'rls';
    const timed = async (f: () => Promise<number>, l: Lookup): Promise<number> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      check(l, await f());
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      nodeCpu[side] += c.user + c.system;
      return ms;
    };
    const pidOf = async (db: Db) =>
      (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid;
    const [appPid, ownerPid] = [await pidOf(app), await pidOf(owner)];
    let rlsMs = 0;
    let ownerMs = 0;
    let backend0 = { rls: 0, owner: 0 };
    const warm = lookups.slice(0, 1_000);
    for (const [i, l] of [...warm, ...lookups].entries()) {
      const counted = i >= warm.length;
      if (i === warm.length) {
        backend0 = { rls: cpuMs([appPid]), owner: cpuMs([ownerPid]) };
        nodeCpu.rls = 0;
        nodeCpu.owner = 0;
      }
      const rlsUnitTimed = () => {
        side = 'rls';
        return rlsUnit(l);
      };
      const ownerUnitTimed = () => {
        side = 'owner';
        return ownerUnit(l);
      };
      if (i % 2 === 0) {
        const r = await timed(rlsUnitTimed, l);
        const o = await timed(ownerUnitTimed, l);
        if (counted) {
          rlsMs += r;
          ownerMs += o;
        }
      } else {
        const o = await timed(ownerUnitTimed, l);
        const r = await timed(rlsUnitTimed, l);
        if (counted) {
          rlsMs += r;
          ownerMs += o;
        }
      }
    }

    const backend = { rls: cpuMs([appPid]) - backend0.rls, owner: cpuMs([ownerPid]) - backend0.owner };
    const unitNode = { ...nodeCpu };

    // Lookups only: per tenant, one withTenant transaction and one owner
    // transaction held open side by side, the lookups alternating between them.
    const byTenant = new Map<string, Lookup[]>();
    for (const l of lookups) byTenant.set(l.tenantId, [...(byTenant.get(l.tenantId) ?? []), l]);
    let rlsLookupMs = 0;
    let ownerLookupMs = 0;
    for (let round = 0; round < 2; round++) {
      for (const [tenantId, ls] of byTenant) {
        await withTenant(app, tenantId, (rlsTrx) =>
          owner.transaction().execute(async (ownerTrx) => {
            for (const [i, l] of ls.entries()) {
              const viaRls = () =>
                sql<{ price: number }>`select id, price, stock from variants where sku = ${l.sku}`
                  .execute(rlsTrx)
                  .then((r) => r.rows[0]?.price ?? 0);
              const viaOwner = () =>
                sql<{
                  price: number;
                }>`select id, price, stock from variants where tenant_id = ${tenantId} and sku = ${l.sku}`
                  .execute(ownerTrx)
                  .then((r) => r.rows[0]?.price ?? 0);
              if (i % 2 === 0) {
                rlsLookupMs += await timed(viaRls, l);
                ownerLookupMs += await timed(viaOwner, l);
              } else {
                ownerLookupMs += await timed(viaOwner, l);
                rlsLookupMs += await timed(viaRls, l);
              }
            }
          }),
        );
      }
    }

    const per = (ms: number, n: number) => `${((ms / n) * 1000).toFixed(0)} µs/lookup`;
    const n = lookups.length;
    log('');
    log(`  one transaction per lookup (withTenant vs owner transaction), ${n} runs each:`);
    log(`    RLS (storeloom_app, withTenant)      ${rlsMs.toFixed(0)} ms  (${per(rlsMs, n)})`);
    log(`    owner + explicit tenant filter       ${ownerMs.toFixed(0)} ms  (${per(ownerMs, n)})`);
    log(`    ratio                                ${(rlsMs / ownerMs).toFixed(3)}  (target ≤ 1.10)`);
    const us = (x: number, n2: number) => `${(x / n2).toFixed(0).padStart(4)} µs`;
    log(
      `    CPU per unit (load-independent): node RLS ${us(unitNode.rls, n)}, owner ${us(unitNode.owner, n)}; backend RLS ${us(backend.rls * 1000, n)}, owner ${us(backend.owner * 1000, n)}`,
    );
    log(
      `    CPU ratio (node + backend)           ${((unitNode.rls + backend.rls * 1000) / (unitNode.owner + backend.owner * 1000)).toFixed(3)}`,
    );
    log(`  lookups only (${n} × 2 inside one transaction per tenant):`);
    log(
      `    RLS                                  ${rlsLookupMs.toFixed(0)} ms  (${per(rlsLookupMs, 2 * n)})`,
    );
    log(
      `    owner + explicit tenant filter       ${ownerLookupMs.toFixed(0)} ms  (${per(ownerLookupMs, 2 * n)})`,
    );
    log(
      `    ratio                                ${(rlsLookupMs / ownerLookupMs).toFixed(3)}  (target ≤ 1.10)`,
    );
    log('');
  } finally {
    await app.destroy();
    await owner.destroy();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}
