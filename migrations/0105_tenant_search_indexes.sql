-- Storefront search reads one store's products: its full-text and trigram
-- indexes now lead with tenant_id (btree_gin puts the uuid inside the GIN
-- index), so a search touches only that store's postings however many
-- stores share the table — and the rows a search must recheck are its own.
-- The old indexes held every store's postings: with 10,000 stores a common
-- word matched across all of them before RLS filtered to one.
create extension if not exists btree_gin;

create index products_search_tenant_idx on products using gin (tenant_id, search);
drop index products_search_idx;

create index products_title_trgm_word_tenant_idx on products using gin (tenant_id, title_trgm gin_trgm_ops);
drop index products_title_trgm_word_idx;

create index products_title_trgm_tenant_idx on products
  using gin (tenant_id, storeloom_unaccent(lower(title)) gin_trgm_ops);
drop index products_title_trgm_idx;
