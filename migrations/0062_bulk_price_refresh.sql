-- Bulk price changes (the pricing worker applies up to thousands of prices in
-- one UPDATE … FROM (VALUES …)) refreshed products.min_price/max_price through
-- 0040's per-row trigger: one product UPDATE per variant (~1.5 ms each, the
-- product row carries GIN-indexed search columns). Price changes now refresh
-- each touched product ONCE per statement through transition tables, like
-- 0042 did for inserts and deletes. Stock/reservation flips and product moves
-- keep 0040's row trigger unchanged (checkout's single-row hot path).
-- Behaviour is the same: products' min/max price and in_stock always follow
-- their variants, and a product row is written only when a value changes.

create or replace function storeloom_variants_refresh_price_stmt() returns trigger
language plpgsql as $fn$
begin
  update products p
     set min_price = a.min_price, max_price = a.max_price, in_stock = a.in_stock
    from (
      select d.tenant_id, d.product_id,
             coalesce(min(v.price), 0) as min_price,
             coalesce(max(v.price), 0) as max_price,
             coalesce(bool_or(v.stock > v.reserved), false) as in_stock
        from (select distinct n.tenant_id, n.product_id
                from new_rows n
                join old_rows o on o.tenant_id = n.tenant_id and o.id = n.id
               where o.price is distinct from n.price) d
        left join variants v on v.tenant_id = d.tenant_id and v.product_id = d.product_id
       group by d.tenant_id, d.product_id
    ) a
   where p.tenant_id = a.tenant_id and p.id = a.product_id
     and (p.min_price, p.max_price, p.in_stock) is distinct from (a.min_price, a.max_price, a.in_stock);
  return null;
end
$fn$;

drop trigger variants_refresh_product_upd on variants;

create trigger variants_refresh_product_upd
  after update of stock, reserved, product_id on variants
  for each row
  when ((old.stock > old.reserved) is distinct from (new.stock > new.reserved)
        or old.product_id is distinct from new.product_id)
  execute function storeloom_variants_refresh_product();

create trigger variants_refresh_products_price_upd
  after update on variants
  referencing old table as old_rows new table as new_rows
  for each statement execute function storeloom_variants_refresh_price_stmt();
