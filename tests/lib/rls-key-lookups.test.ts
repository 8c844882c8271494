/**
 * A lookup by handle under row-level security is a key lookup (migration
 * 0341): as the app role inside the store's tenant transaction, the handle
 * is an index condition on (tenant_id, handle), not a filter applied to
 * every row of the store — which is what PostgreSQL does with a
 * non-leakproof `=` below a security policy (citext's, before 0341).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appDatabaseUrl } from '../../src/lib/db/roles.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

let owner: pg.Client;
let tenantId = '';

beforeAll(async () => {
  owner = new pg.Client({ connectionString: inject('databaseUrl') });
  await owner.connect();
  const t = await owner.query<{ id: string }>(
    `insert into tenants (handle, name) values ('keys-' || substr(md5(random()::text), 1, 8), 'Keys') returning id`,
  );
  tenantId = t.rows[0]!.id;
  await owner.query(
    `insert into products (tenant_id, handle, title, status)
     select $1, 'keyed-' || i, 'Keyed ' || i, 'active' from generate_series(1, 200) i`,
    [tenantId],
  );
  await owner.query(
    `insert into categories (tenant_id, handle, name)
     select $1, 'shelf-' || i, 'Shelf ' || i from generate_series(1, 50) i`,
    [tenantId],
  );
  await owner.query('analyze products, categories');
});

afterAll(async () => {
  await owner.query('delete from products where tenant_id = $1', [tenantId]);
  await owner.query('delete from categories where tenant_id = $1', [tenantId]);
  await owner.query('delete from tenants where id = $1', [tenantId]);
  await owner.end();
});

async function scanOf(sql: string, values: unknown[]): Promise<PlanNode> {
  const app = new pg.Client({ connectionString: appDatabaseUrl(inject('databaseUrl')) });
  await app.connect();
  try {
    await app.query('begin');
    await app.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    await app.query('set local enable_seqscan = off');
    const res = await app.query({ text: `explain (format json) ${sql}`, values });
    await app.query('rollback');
    let node = res.rows[0]['QUERY PLAN'][0].Plan as PlanNode;
    while (!node['Relation Name'] && node.Plans?.[0]) node = node.Plans[0];
    return node;
  } finally {
    await app.end();
  }
}

describe('handle lookups under RLS', () => {
  it('find a product by handle through the index key, not by filtering the store', async () => {
    // The shape of the product page's statement (catalog repository findProductDetail).
    const scan = await scanOf('select p.id from products p where p.handle = $1::citext', ['keyed-42']);
    expect(scan['Index Cond']).toMatch(/handle = /);
    expect(scan.Filter ?? '').not.toMatch(/handle/);
  });

  it('find a category by handle through the index key', async () => {
    const scan = await scanOf('select id from categories where handle = $1', ['shelf-7']);
    expect(scan['Index Cond']).toMatch(/handle = /);
    expect(scan.Filter ?? '').not.toMatch(/handle/);
  });
});
