/** Sales-history import (cold start): all or nothing with line-numbered errors; the planner reads it. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { createTestStore } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { insertVariant } from '../workers/fixtures/data.js';

const DAY = 86_400_000;
const isoDaysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

async function importedRows(p: TestPlatform, tenantId: string): Promise<number> {
  return withTenant(p.deps.db, tenantId, async (trx) => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from restock_sales_history where tenant_id = ${tenantId}`.execute(trx);
    return rows[0]!.n;
  });
}

function csvPost(p: TestPlatform, host: string, token: string, csv: string) {
  return request(p.app, 'POST', '/api/admin/restock/sales-history', {
    host,
    token,
    raw: csv,
    headers: { 'content-type': 'text/csv' },
  });
}

describe('POST /api/admin/restock/sales-history', () => {
  it('rejects a file with bad rows: line-numbered errors, nothing imported', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const csv = [
      'sku,date,quantity',
      'A,2024-01-02,3',
      'B,2024-02-30,1',
      'C,2024-01-03,-2',
      ',2024-01-03,1',
      'D,2024-01-04,2',
    ].join('\n');
    const res = await csvPost(p, s.host, s.owner.token, csv);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'line 3',
      'line 4',
      'line 5',
    ]);
    expect(await importedRows(p, s.tenant.id)).toBe(0);
    const header = await csvPost(p, s.host, s.owner.token, 'a,b\n1,2');
    expect(header.status).toBe(400);
    expect(header.body.error.issues[0].path).toBe('line 1');
  });

  it('imports order lines (multipart) and sku,date,quantity; a new store then plans from that history', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const v = await insertVariant(p.deps, s.tenant.id, { stock: 5 });
    const lines = ['sku,date,quantity'];
    for (let d = 90; d >= 1; d--) lines.push(`${v.sku},${isoDaysAgo(d)},${4 + (d % 3)}`);
    lines.push(`${v.sku},${isoDaysAgo(1)},1`); // same day again: summed
    const ok = await csvPost(p, s.host, s.owner.token, lines.join('\r\n'));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ format: 'sku-date-quantity', lines: 91, skus: 1, days: 90 });
    expect(await importedRows(p, s.tenant.id)).toBe(90);

    const form = new FormData();
    form.append(
      'file',
      new File(
        [
          `invoice_no,invoice_time,customer_id,country,stock_code,quantity,unit_price\n1,${isoDaysAgo(3)} 10:00:00,,UK,OTHER-1,6,2.5\n`,
        ],
        'lines.csv',
        { type: 'text/csv' },
      ),
    );
    const multi = await p.app.request(`http://${s.host}/api/admin/restock/sales-history`, {
      method: 'POST',
      headers: { host: s.host, authorization: `Bearer ${s.owner.token}` },
      body: form,
    });
    expect(multi.status).toBe(201);
    expect(await multi.json()).toMatchObject({ format: 'order-lines', skus: 1, units: 6 });

    const plan = await request(p.app, 'GET', '/api/admin/restock/plan', {
      host: s.host,
      token: s.owner.token,
    });
    const item = plan.body.items.find((i: { variantId: string }) => i.variantId === v.variantId);
    expect(item).toMatchObject({ status: 'ok' });
    expect(item.meanDaily).toBeGreaterThan(3);
    expect(item.orderQuantity).toBeGreaterThan(0);
  });

  it('a variant with a few days of history says so instead of guessing', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const v = await insertVariant(p.deps, s.tenant.id, { stock: 0 });
    const csv = `sku,date,quantity\n${v.sku},${isoDaysAgo(3)},4\n${v.sku},${isoDaysAgo(2)},5\n`;
    expect((await csvPost(p, s.host, s.owner.token, csv)).status).toBe(201);
    const plan = await request(p.app, 'GET', '/api/admin/restock/plan', {
      host: s.host,
      token: s.owner.token,
    });
    const item = plan.body.items.find((i: { variantId: string }) => i.variantId === v.variantId);
    expect(item).toMatchObject({ status: 'short_history', orderQuantity: 0 });
    expect(item.explanation).toContain('not enough history');
  });

  it("one store's imported sales never reach another store's plan, even for the same SKU", async () => {
    const p = await testPlatform();
    const a = await createTestStore(p.deps);
    const b = await createTestStore(p.deps);
    const vb = await insertVariant(p.deps, b.tenant.id, { stock: 0 });
    const lines = ['sku,date,quantity'];
    for (let d = 60; d >= 1; d--) lines.push(`${vb.sku},${isoDaysAgo(d)},5`);
    expect((await csvPost(p, a.host, a.owner.token, lines.join('\n'))).status).toBe(201);
    expect(await importedRows(p, b.tenant.id)).toBe(0);
    const plan = await request(p.app, 'GET', '/api/admin/restock/plan', {
      host: b.host,
      token: b.owner.token,
    });
    const item = plan.body.items.find((i: { variantId: string }) => i.variantId === vb.variantId);
    expect(item).toMatchObject({ status: 'no_demand', orderQuantity: 0 });
  });
});
