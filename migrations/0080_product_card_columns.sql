-- Product cards without per-row lookups. A storefront listing showed, for
-- each product, its first image and the compare-at price of its cheapest
-- variant through two LATERAL subqueries: two index probes and a sort per
-- card, ~10x the cost of reading the page itself. Both now live on the
-- product row, kept right by the database like min_price and in_stock
-- (0040/0042/0062), so a listing is one index scan. Numbered after 0062,
-- whose price trigger function this replaces.
--
--   card_compare_at_price  compare_at_price of the variant with the lowest
--                          (price, position, id); null when it has none
--   card_image_url/_alt    the image with the lowest (position, id)

alter table products
  add column card_compare_at_price bigint,
  add column card_image_url text,
  add column card_image_alt text;

-- Every variant-driven listing column of the given products, recomputed in one
-- statement; a product row is written only when a value changes.
create or replace function storeloom_refresh_products(p_tenants uuid[], p_products uuid[])
returns void language sql as $fn$
  update products p
     set min_price = a.min_price, max_price = a.max_price, in_stock = a.in_stock,
         card_compare_at_price = a.compare_at
    from (
      select d.tenant_id, d.product_id,
             coalesce(min(v.price), 0) as min_price,
             coalesce(max(v.price), 0) as max_price,
             coalesce(bool_or(v.stock > v.reserved), false) as in_stock,
             (array_agg(v.compare_at_price order by v.price, v.position, v.id))[1] as compare_at
        from (select distinct u.tenant_id, u.product_id
                from unnest(p_tenants, p_products) as u(tenant_id, product_id)) d
        left join variants v on v.tenant_id = d.tenant_id and v.product_id = d.product_id
       group by d.tenant_id, d.product_id
    ) a
   where p.tenant_id = a.tenant_id and p.id = a.product_id
     and (p.min_price, p.max_price, p.in_stock, p.card_compare_at_price)
         is distinct from (a.min_price, a.max_price, a.in_stock, a.compare_at);
$fn$;

-- The single-product refresh (0040's row trigger: stock flips, product moves).
create or replace function storeloom_refresh_product_stock(p_tenant uuid, p_product uuid)
returns void language plpgsql as $fn$
begin
  perform storeloom_refresh_products(array[p_tenant], array[p_product]);
end
$fn$;

create or replace function storeloom_variants_refresh_ins_stmt() returns trigger
language plpgsql as $fn$
begin
  perform storeloom_refresh_products(array_agg(tenant_id), array_agg(product_id)) from new_rows;
  return null;
end
$fn$;

create or replace function storeloom_variants_refresh_del_stmt() returns trigger
language plpgsql as $fn$
begin
  perform storeloom_refresh_products(array_agg(tenant_id), array_agg(product_id)) from old_rows;
  return null;
end
$fn$;

-- Price, compare-at and position changes (0062 reacted to price only).
create or replace function storeloom_variants_refresh_price_stmt() returns trigger
language plpgsql as $fn$
begin
  perform storeloom_refresh_products(array_agg(n.tenant_id), array_agg(n.product_id))
     from new_rows n
     join old_rows o on o.tenant_id = n.tenant_id and o.id = n.id
    where o.price is distinct from n.price
       or o.compare_at_price is distinct from n.compare_at_price
       or o.position is distinct from n.position
   having count(*) > 0;
  return null;
end
$fn$;

-- First image of the given products.
create or replace function storeloom_refresh_product_images(p_tenants uuid[], p_products uuid[])
returns void language sql as $fn$
  update products p
     set card_image_url = a.url, card_image_alt = a.alt
    from (
      select d.tenant_id, d.product_id, i.url, i.alt
        from (select distinct u.tenant_id, u.product_id
                from unnest(p_tenants, p_products) as u(tenant_id, product_id)) d
        left join lateral (
          select x.url, x.alt from product_images x
           where x.tenant_id = d.tenant_id and x.product_id = d.product_id
           order by x.position, x.id limit 1
        ) i on true
    ) a
   where p.tenant_id = a.tenant_id and p.id = a.product_id
     and (p.card_image_url, p.card_image_alt) is distinct from (a.url, a.alt);
$fn$;

-- One trigger function for the three image triggers: the products touched by
-- the statement (new rows, old rows, or both on UPDATE, when an image moves).
create or replace function storeloom_images_refresh_stmt() returns trigger
language plpgsql as $fn$
begin
  if tg_op = 'INSERT' then
    perform storeloom_refresh_product_images(array_agg(tenant_id), array_agg(product_id)) from new_rows;
  elsif tg_op = 'DELETE' then
    perform storeloom_refresh_product_images(array_agg(tenant_id), array_agg(product_id)) from old_rows;
  else
    perform storeloom_refresh_product_images(array_agg(k.tenant_id), array_agg(k.product_id))
       from (select tenant_id, product_id from new_rows
             union select tenant_id, product_id from old_rows) k;
  end if;
  return null;
end
$fn$;

create trigger product_images_refresh_ins
  after insert on product_images
  referencing new table as new_rows
  for each statement execute function storeloom_images_refresh_stmt();

create trigger product_images_refresh_del
  after delete on product_images
  referencing old table as old_rows
  for each statement execute function storeloom_images_refresh_stmt();

create trigger product_images_refresh_upd
  after update on product_images
  referencing old table as old_rows new table as new_rows
  for each statement execute function storeloom_images_refresh_stmt();

-- Existing rows.
update products p
   set card_compare_at_price = (
         select v.compare_at_price from variants v
          where v.tenant_id = p.tenant_id and v.product_id = p.id
          order by v.price, v.position, v.id limit 1),
       card_image_url = i.url,
       card_image_alt = i.alt
  from products p2
  left join lateral (
    select x.url, x.alt from product_images x
     where x.tenant_id = p2.tenant_id and x.product_id = p2.id
     order by x.position, x.id limit 1
  ) i on true
 where p2.tenant_id = p.tenant_id and p2.id = p.id;
