/**
 * The RLS overhead on the scale bench's large database (bench/scale.ts): a
 * product by handle in random stores, as the app role inside withTenant (the
 * policy supplies the tenant) against the owner (RLS bypassed) with an
 * explicit tenant filter, one transaction each, alternating.
 */
import { sql } from 'kysely';
import type pg from 'pg';
import { createDb, createPool, withTenant } from '../src/lib/db/index.js';
import { appDatabaseUrl } from '../src/lib/db/roles.js';

const RLS_RUNS = Number(process.env.BENCH_SCALE_RLS_RUNS ?? 4_000);

/**
 * RLS against the owner on the large database: a product by handle in a
 * random store, one transaction per lookup, the two sides alternating so the
 * machine's load hits both alike. Returns RLS time / owner time.
 */
export async function rlsOverhead(url: string, client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ tenant_id: string; handle: string }>(
    `select p.tenant_id, p.handle from tenants t
       join lateral (select tenant_id, handle from products where tenant_id = t.id order by handle limit 1) p on true
      where t.handle like 'scale-0-%' order by random() limit $1`,
    [RLS_RUNS],
  );
  const app = createDb(createPool({ connectionString: appDatabaseUrl(url), max: 1 }), { prepare: true });
  const owner = createDb(createPool({ connectionString: url, max: 1 }), { prepare: true });
  let rlsMs = 0;
  let ownerMs = 0;
  try {
    for (const [i, r] of rows.entries()) {
      const viaRls = async () =>
        withTenant(app, r.tenant_id, (trx) =>
          sql`select id, title, min_price from products where handle = ${r.handle}`.execute(trx),
        );
      const viaOwner = async () =>
        owner
          .transaction()
          .execute((trx) =>
            sql`select id, title, min_price from products where tenant_id = ${r.tenant_id} and handle = ${r.handle}`.execute(
              trx,
            ),
          );
      const sides = i % 2 === 0 ? [viaRls, viaOwner] : [viaOwner, viaRls];
      for (const side of sides) {
        const t0 = performance.now();
        const res = await side();
        const ms = performance.now() - t0;
        if (res.rows.length !== 1) throw new Error(`lookup of ${r.handle} found ${res.rows.length} rows`);
        if (side === viaRls) rlsMs += ms;
        else ownerMs += ms;
      }
    }
  } finally {
    await app.destroy();
    await owner.destroy();
  }
  process.stdout.write(
    `  RLS ${(rlsMs / rows.length).toFixed(3)} ms vs owner ${(ownerMs / rows.length).toFixed(3)} ms per lookup (${rows.length} stores)\n`,
  );
  return rlsMs / ownerMs;
}
