/** The catalog CSV export's read: one row per variant with its product's columns, in export order. */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { ProductStatus } from '../../../lib/db/tables/commerce.js';

export interface ExportRow {
  handle: string;
  title: string;
  description: string;
  status: string;
  category: string | null;
  tags: string[];
  options: { name: string; values: string[] }[];
  images: { url: string; alt: string }[] | null;
  sku: string;
  variant_title: string;
  variant_options: Record<string, string>;
  price: number;
  compare_at_price: number | null;
  cost: number | null;
  stock: number;
  low_stock_threshold: number;
  product_id: string;
}

export async function listExportRows(
  trx: Trx,
  tenantId: string,
  status?: ProductStatus,
): Promise<ExportRow[]> {
  const { rows } = await sql<ExportRow>`
    select p.id as product_id, p.handle::text as handle, p.title, p.description, p.status,
           c.handle::text as category, p.tags, p.options,
           (select json_agg(json_build_object('url', i.url, 'alt', i.alt) order by i.position, i.id)
              from product_images i where i.tenant_id = p.tenant_id and i.product_id = p.id) as images,
           v.sku, v.title as variant_title, v.options as variant_options, v.price, v.compare_at_price,
           v.cost, v.stock, v.low_stock_threshold
      from products p
      join variants v on v.tenant_id = p.tenant_id and v.product_id = p.id
      left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
     where p.tenant_id = ${tenantId}
       and ${status ? sql`p.status = ${status}` : sql`true`}
     order by p.created_at, p.id, v.position, v.created_at, v.id`.execute(trx);
  return rows;
}
