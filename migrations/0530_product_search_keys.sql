-- Storefront search in a big store (issue #18): a store's search keys in a
-- B-tree that leads with tenant_id, so the index lookup itself narrows to the
-- store AND works under row-level security.
--
-- Why a table and not the GIN indexes (0105): under forced RLS PostgreSQL
-- only uses a condition as an index condition below the tenant policy when
-- its operator is LEAKPROOF, and `@@` (ts_match_vq) and `<%`
-- (word_similarity_op) are not — so a search read every row of its store
-- through the tenant B-tree and matched each (a 10,000-product store: 45–57
-- ms for a word, 600–720 ms for a misspelt one). Marking them leakproof needs
-- a superuser (a managed database's migration role is not one), and would let
-- the multi-column GIN walk every store's posting lists for a common word
-- (a 100-product store's search 14–72 ms among 10,000 stores). B-tree
-- equality and ranges on text and uuid (texteq, text_ge, text_lt, uuid_eq)
-- ARE leakproof, so `tenant_id = $1 and key >= $2 and key < $3` is an index
-- condition for the app role, and the keys are the store's own.
--
-- Keys of a product (storeloom_product_search_keys):
--   '=' || lexeme   every lexeme of products.search (cut to 60 characters,
--                   the longest query token): full-text candidates by a
--                   range per query token (prefix) or equality (1–2 letters);
--   '#' || trigram  every pg_trgm trigram of products.title_trgm (show_trgm's
--                   text form): typo candidates, a product needing at least
--                   threshold × (the query's trigram count) of them, which
--                   word_similarity >= threshold implies.
-- The keys only choose candidates: search still checks `@@` / `<%` and ranks
-- on the product row, so results and ranking are exactly the GIN's.
-- C collation: byte order, so a prefix is one contiguous range.
--
-- The backfill reads every product once (1.1M products: see the scale
-- section of the README for its time), longer than the pool's 15 s statement
-- timeout: off for this migration's transaction only.
set local statement_timeout = 0;

create table product_search_keys (
  tenant_id uuid not null,
  key text collate "C" not null,
  product_id uuid not null
);

create or replace function storeloom_product_search_keys(search tsvector, title_trgm text)
  returns text[] language sql immutable parallel safe
  as $$
    select coalesce(array_agg(distinct k), '{}')
      from (select '=' || left(l, 60) as k from unnest(tsvector_to_array(search)) l
            union all
            select '#' || t from unnest(show_trgm(coalesce(title_trgm, ''))) t) x
  $$;

-- Backfill in one statement, the key built afterwards (one sort, not a
-- B-tree insert per row).
insert into product_search_keys (tenant_id, key, product_id)
select p.tenant_id, k, p.id
  from products p, unnest(storeloom_product_search_keys(p.search, p.title_trgm)) k;

alter table product_search_keys add primary key (tenant_id, key, product_id);
select storeloom_protect('product_search_keys');

-- Kept in step with the product row by triggers: inserts and deletes per
-- statement (a CSV import or a store's deletion is one statement on the
-- keys), updates of the searched columns per row (the WHEN skips price and
-- stock refreshes). No foreign key: its cascade would find a product's keys
-- by (tenant_id, product_id), which needs a second index as big as the key;
-- the triggers recompute the old row's keys and delete those, by the key.
create or replace function storeloom_product_search_keys_ins() returns trigger
  language plpgsql as $$
begin
  insert into product_search_keys (tenant_id, key, product_id)
  select n.tenant_id, k, n.id
    from new_rows n, unnest(storeloom_product_search_keys(n.search, n.title_trgm)) k
  on conflict do nothing;
  return null;
end
$$;

create or replace function storeloom_product_search_keys_upd() returns trigger
  language plpgsql as $$
declare
  keys text[] := storeloom_product_search_keys(new.search, new.title_trgm);
begin
  delete from product_search_keys
   where tenant_id = old.tenant_id and product_id = old.id
     and key = any(array(select unnest(storeloom_product_search_keys(old.search, old.title_trgm))
                         except select unnest(keys)));
  insert into product_search_keys (tenant_id, key, product_id)
  select new.tenant_id, k, new.id from unnest(keys) k
  on conflict do nothing;
  return null;
end
$$;

create or replace function storeloom_product_search_keys_del() returns trigger
  language plpgsql as $$
begin
  delete from product_search_keys k
   using old_rows o, unnest(storeloom_product_search_keys(o.search, o.title_trgm)) ok
   where k.tenant_id = o.tenant_id and k.key = ok and k.product_id = o.id;
  return null;
end
$$;

create trigger products_search_keys_ins
  after insert on products
  referencing new table as new_rows
  for each statement execute function storeloom_product_search_keys_ins();

create trigger products_search_keys_upd
  after update of title, tags, search_category, description on products
  for each row
  when (old.search is distinct from new.search or old.title_trgm is distinct from new.title_trgm)
  execute function storeloom_product_search_keys_upd();

create trigger products_search_keys_del
  after delete on products
  referencing old table as old_rows
  for each statement execute function storeloom_product_search_keys_del();

analyze product_search_keys;
