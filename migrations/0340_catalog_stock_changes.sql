-- Stock invalidation without NOTIFY per commit (issue #18). Migration 0270
-- turned every stock.changed outbox row into a pg_notify; PostgreSQL queues
-- notices at commit under one database-wide lock, so concurrent stock-moving
-- commits (checkouts) were serialised — about half the concurrent commit rate
-- (`npm run bench -- storefront-cache-notify`).
--
-- Now a stock.changed row with a productId is written to catalog_stock_changes
-- instead: an ordinary insert, no global lock. API processes poll it a few
-- times a second on their listener connection (src/lib/db/stock-changes.ts),
-- reading rows by the writing transaction's id (`xid`) from the oldest
-- transaction that was still running at their previous poll — so a change is
-- never missed however late its transaction commits. Rows are kept a few
-- minutes (the pollers delete older ones). The rarer whole-store notices
-- (product edits, imports, price runs, categories, stock without a product)
-- keep their NOTIFY: immediate, and too infrequent to contend.
--
-- A tenant table like any other (RLS forced, key led by tenant_id), so the
-- store purge and the Citus plan treat it as such. No foreign key to tenants:
-- that would lock the store's row on every checkout.
create table catalog_stock_changes (
  tenant_id uuid not null,
  product_id uuid not null,
  xid xid8 not null default pg_current_xact_id(),
  changed_at timestamptz not null default now(),
  primary key (tenant_id, product_id, xid)
);
create index catalog_stock_changes_xid_idx on catalog_stock_changes (xid);
select storeloom_protect('catalog_stock_changes');

create or replace function storeloom_outbox_catalog_notify() returns trigger
language plpgsql as $fn$
begin
  if new.topic = 'stock.changed' and (new.payload ->> 'productId') is not null then
    insert into catalog_stock_changes (tenant_id, product_id)
    values (new.tenant_id, (new.payload ->> 'productId')::uuid)
    on conflict do nothing;
  else
    perform pg_notify('storeloom_catalog', new.tenant_id::text);
  end if;
  return null;
end
$fn$;
