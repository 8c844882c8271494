-- Bulk-friendly refresh of products.min_price / max_price / in_stock.
-- 0040 refreshed the product once per inserted/deleted variant row; a bulk
-- insert (CSV import, provisioning, seeding) then rewrote each product row
-- once per variant. Inserts and deletes now refresh each touched product once
-- per statement, through transition tables. Updates keep 0040's row trigger,
-- which fires only when a price changes or a variant's availability flips.

create or replace function storeloom_variants_refresh_ins_stmt() returns trigger
language plpgsql as $fn$
begin
  update products p
     set min_price = a.min_price, max_price = a.max_price, in_stock = a.in_stock
    from (
      select d.tenant_id, d.product_id,
             coalesce(min(v.price), 0) as min_price,
             coalesce(max(v.price), 0) as max_price,
             coalesce(bool_or(v.stock > v.reserved), false) as in_stock
        from (select distinct tenant_id, product_id from new_rows) d
        left join variants v on v.tenant_id = d.tenant_id and v.product_id = d.product_id
       group by d.tenant_id, d.product_id
    ) a
   where p.tenant_id = a.tenant_id and p.id = a.product_id
     and (p.min_price, p.max_price, p.in_stock) is distinct from (a.min_price, a.max_price, a.in_stock);
  return null;
end
$fn$;

create or replace function storeloom_variants_refresh_del_stmt() returns trigger
language plpgsql as $fn$
begin
  update products p
     set min_price = a.min_price, max_price = a.max_price, in_stock = a.in_stock
    from (
      select d.tenant_id, d.product_id,
             coalesce(min(v.price), 0) as min_price,
             coalesce(max(v.price), 0) as max_price,
             coalesce(bool_or(v.stock > v.reserved), false) as in_stock
        from (select distinct tenant_id, product_id from old_rows) d
        left join variants v on v.tenant_id = d.tenant_id and v.product_id = d.product_id
       group by d.tenant_id, d.product_id
    ) a
   where p.tenant_id = a.tenant_id and p.id = a.product_id
     and (p.min_price, p.max_price, p.in_stock) is distinct from (a.min_price, a.max_price, a.in_stock);
  return null;
end
$fn$;

drop trigger variants_refresh_product_ins on variants;
drop trigger variants_refresh_product_del on variants;

create trigger variants_refresh_products_ins
  after insert on variants
  referencing new table as new_rows
  for each statement execute function storeloom_variants_refresh_ins_stmt();

create trigger variants_refresh_products_del
  after delete on variants
  referencing old table as old_rows
  for each statement execute function storeloom_variants_refresh_del_stmt();

-- Typo-tolerant search: the normalised title is stored (computing unaccent and
-- a regexp per row at query time cost ~40 ms per 1,000 products) and indexed
-- for pg_trgm's word-similarity operator (`query <% title_trgm`).
alter table products add column title_trgm text generated always as (storeloom_trgm_text(title)) stored;
create index products_title_trgm_word_idx on products using gin (title_trgm gin_trgm_ops);
