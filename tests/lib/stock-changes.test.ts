/**
 * Stock invalidation without a NOTIFY per commit (migration 0340,
 * src/lib/db/stock-changes.ts): a stock.changed outbox row sends no notice
 * (the commit takes no global lock) but is written to catalog_stock_changes,
 * and the reader hands out each change once — including one whose
 * transaction began before a read and committed after it. Whole-store
 * notices (product.updated) still go out as NOTIFY.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stockChangeReader } from '../../src/lib/db/stock-changes.js';

let owner: pg.Client;
let late: pg.Client;
let listener: pg.Client;
const notices: string[] = [];
let tenantId = '';
const P = ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa1', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa2'] as const;

const stockChanged = (c: pg.Client, productId: string) =>
  c.query(
    `insert into outbox (tenant_id, topic, payload) values ($1, 'stock.changed', jsonb_build_object('productId', $2::text))`,
    [tenantId, productId],
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  const url = inject('databaseUrl');
  owner = new pg.Client({ connectionString: url });
  late = new pg.Client({ connectionString: url });
  listener = new pg.Client({ connectionString: url });
  await Promise.all([owner.connect(), late.connect(), listener.connect()]);
  listener.on('notification', (n) => notices.push(n.payload ?? ''));
  await listener.query('listen storeloom_catalog');
  const t = await owner.query<{ id: string }>(
    `insert into tenants (handle, name) values ('stock-feed-' || substr(md5(random()::text), 1, 8), 'Stock feed')
     returning id`,
  );
  tenantId = t.rows[0]!.id;
});

afterAll(async () => {
  await owner.query('delete from outbox where tenant_id = $1', [tenantId]);
  await owner.query('delete from catalog_stock_changes where tenant_id = $1', [tenantId]);
  await Promise.all([owner.end(), late.end(), listener.end()]);
});

describe('stock changes feed', () => {
  it('sends no notice per stock change, and reads each change once, a late commit included', async () => {
    const r = stockChangeReader();
    // Other tests' stores move stock too: look at this store's changes only.
    const reader = { read: async (c: pg.Client) => (await r.read(c)).filter((x) => x.startsWith(tenantId)) };
    expect(await reader.read(owner)).toEqual([]);

    // A transaction that writes its change before the next read and commits after it.
    await late.query('begin');
    await stockChanged(late, P[0]);
    await stockChanged(late, P[0]); // the same product twice in one transaction: one row
    await stockChanged(owner, P[1]);

    expect(await reader.read(owner)).toEqual([`${tenantId} ${P[1]}`]);
    await late.query('commit');
    expect(await reader.read(owner)).toEqual([`${tenantId} ${P[0]}`]);
    expect(await reader.read(owner)).toEqual([]);

    // Whole-store changes still notify at commit; stock changes did not.
    await owner.query(`insert into outbox (tenant_id, topic, payload) values ($1, 'product.updated', '{}')`, [
      tenantId,
    ]);
    for (let i = 0; i < 50 && !notices.includes(tenantId); i++) await sleep(20);
    expect(notices.filter((n) => n.startsWith(tenantId))).toEqual([tenantId]);
  });
});
