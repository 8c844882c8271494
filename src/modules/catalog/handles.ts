/** URL handles for products: derived from the title, unique per store. */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

/** "Café T-Shirt (Blue)" → "cafe-t-shirt-blue". Never empty. */
export function slugify(text: string, max = 80): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return slug || 'product';
}

/**
 * The first free handle among `base`, `base-2`, `base-3`, … in this store.
 * A concurrent insert can still take it first: callers insert with
 * ON CONFLICT DO NOTHING and call again with `attempt` > 0 (random suffix).
 */
export async function nextProductHandle(
  trx: Trx,
  tenantId: string,
  base: string,
  attempt = 0,
): Promise<string> {
  if (attempt > 0) return `${base}-${Math.random().toString(36).slice(2, 8)}`;
  const { rows } = await sql<{ handle: string }>`
    select handle::text as handle from products
     where tenant_id = ${tenantId}
       and (handle = ${base} or handle::text ~ ${`^${base}-[0-9]+$`})`.execute(trx);
  if (rows.length === 0) return base;
  const taken = new Set(rows.map((r) => r.handle.toLowerCase()));
  if (!taken.has(base)) return base;
  let n = 2;
  for (const r of rows) {
    const m = /-(\d+)$/.exec(r.handle);
    if (m && r.handle.length - m[0].length === base.length) n = Math.max(n, Number(m[1]) + 1);
  }
  return `${base}-${n}`;
}
