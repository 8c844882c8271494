/**
 * The benchmark's ceiling: a bare Hono + pg server answering the storefront
 * product-list query (active products of one store, newest first, 20 per
 * page, with the response shape of GET /api/store/products), without any of
 * our middleware — no request context, Host resolution, RLS transaction,
 * validation or OpenAPI layer. Run as its own process by bench/commerce.ts:
 *   BASELINE_DB_URL=… BASELINE_TENANT_ID=… BASELINE_PORT=… tsx bench/baseline-server.ts
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';

const dbUrl = process.env.BASELINE_DB_URL;
const tenantId = process.env.BASELINE_TENANT_ID;
const port = Number(process.env.BASELINE_PORT ?? 0);
if (!dbUrl || !tenantId) throw new Error('BASELINE_DB_URL and BASELINE_TENANT_ID are required');

const pool = new pg.Pool({ connectionString: dbUrl, max: Number(process.env.BASELINE_POOL ?? 10) });
const app = new Hono();

app.get('/api/store/products', async (c) => {
  const limit = Math.min(Number(c.req.query('limit') ?? 20) || 20, 100);
  const { rows } = await pool.query<{
    id: string;
    handle: string;
    title: string;
    min_price: string;
    in_stock: boolean;
    created_at: Date;
  }>(
    `select id, handle, title, min_price, in_stock, created_at from products
     where tenant_id = $1 and status = 'active'
     order by created_at desc, id desc limit $2`,
    [tenantId, limit + 1],
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return c.json({
    items: page.map((r) => ({
      id: r.id,
      handle: r.handle,
      title: r.title,
      price: Number(r.min_price),
      currency: 'USD',
      inStock: r.in_stock,
    })),
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url')
        : null,
  });
});

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
const stop = () => {
  server.close();
  void pool.end().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
