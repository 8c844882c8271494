/** URL handles for products: derived from the title, unique per store. */
import type { Trx } from '../../lib/db/index.js';
import { findHandlesLike } from './repository/products.js';

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
  const handles = await findHandlesLike(trx, tenantId, base);
  if (handles.length === 0) return base;
  const taken = new Set(handles.map((h) => h.toLowerCase()));
  if (!taken.has(base)) return base;
  let n = 2;
  for (const h of handles) {
    const m = /-(\d+)$/.exec(h);
    if (m && h.length - m[0].length === base.length) n = Math.max(n, Number(m[1]) + 1);
  }
  return `${base}-${n}`;
}
