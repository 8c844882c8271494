-- Catalog: keep the denormalised product columns correct in the database, so
-- every writer (catalog admin, CSV import, checkout reservations, workers)
-- gets them right without having to remember.
--
-- products.min_price / max_price / in_stock follow the product's variants:
--   in_stock = some variant has stock > reserved.
-- The variant trigger fires only when a price changes or a variant's
-- availability flips (stock > reserved becomes true/false), and it writes the
-- product row only when a value really changes. Ordinary reservations that do
-- not sell a variant out therefore never touch (or lock) the product row.
--
-- products.search_category follows the category's name (a BEFORE trigger on
-- products for category_id changes, including the FK's ON DELETE SET NULL,
-- and an AFTER trigger on categories for renames).

create or replace function storeloom_refresh_product_stock(p_tenant uuid, p_product uuid)
returns void language plpgsql as $fn$
declare
  v_min bigint;
  v_max bigint;
  v_in boolean;
begin
  select coalesce(min(price), 0), coalesce(max(price), 0), coalesce(bool_or(stock > reserved), false)
    into v_min, v_max, v_in
    from variants where tenant_id = p_tenant and product_id = p_product;
  update products
     set min_price = v_min, max_price = v_max, in_stock = v_in
   where tenant_id = p_tenant and id = p_product
     and (min_price, max_price, in_stock) is distinct from (v_min, v_max, v_in);
end
$fn$;

create or replace function storeloom_variants_refresh_product() returns trigger
language plpgsql as $fn$
begin
  if tg_op = 'DELETE' then
    perform storeloom_refresh_product_stock(old.tenant_id, old.product_id);
    return old;
  end if;
  perform storeloom_refresh_product_stock(new.tenant_id, new.product_id);
  if tg_op = 'UPDATE' and old.product_id is distinct from new.product_id then
    perform storeloom_refresh_product_stock(old.tenant_id, old.product_id);
  end if;
  return new;
end
$fn$;

create trigger variants_refresh_product_ins
  after insert on variants
  for each row execute function storeloom_variants_refresh_product();

create trigger variants_refresh_product_upd
  after update of price, stock, reserved, product_id on variants
  for each row
  when (old.price is distinct from new.price
        or (old.stock > old.reserved) is distinct from (new.stock > new.reserved)
        or old.product_id is distinct from new.product_id)
  execute function storeloom_variants_refresh_product();

-- Deleting a product cascades to its variants; the refresh then finds no
-- product row to update, which is fine.
create trigger variants_refresh_product_del
  after delete on variants
  for each row execute function storeloom_variants_refresh_product();

create or replace function storeloom_products_search_category() returns trigger
language plpgsql as $fn$
begin
  if new.category_id is null then
    new.search_category := '';
  else
    select name into new.search_category from categories
     where tenant_id = new.tenant_id and id = new.category_id;
    new.search_category := coalesce(new.search_category, '');
  end if;
  return new;
end
$fn$;

create trigger products_search_category_ins
  before insert on products
  for each row execute function storeloom_products_search_category();

create trigger products_search_category_upd
  before update of category_id on products
  for each row
  when (old.category_id is distinct from new.category_id)
  execute function storeloom_products_search_category();

create or replace function storeloom_categories_rename() returns trigger
language plpgsql as $fn$
begin
  update products set search_category = new.name
   where tenant_id = new.tenant_id and category_id = new.id and search_category is distinct from new.name;
  return new;
end
$fn$;

create trigger categories_rename
  after update of name on categories
  for each row
  when (old.name is distinct from new.name)
  execute function storeloom_categories_rename();

-- Normalised title text for typo-tolerant matching: unaccented, lower case,
-- punctuation removed (so "T-Shirt" is "tshirt" and "tshrit" is close to it).
create or replace function storeloom_trgm_text(title text) returns text
  language sql immutable parallel safe strict
  as $$ select regexp_replace(storeloom_unaccent(lower(title)), '[^[:alnum:][:space:]]+', '', 'g') $$;

-- Store listings filter by category within a tenant's active products.
create index products_tenant_category_listing_idx on products (tenant_id, category_id, status, created_at desc, id);
-- Categories are listed per parent in position order.
create index categories_parent_idx on categories (tenant_id, parent_id, position);
