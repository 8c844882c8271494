-- Storefront read cache invalidation (src/lib/http/read-cache.ts,
-- src/lib/db/change-listener.ts). The catalog already writes an outbox row in
-- the same transaction as every shopper-visible change: product.created /
-- product.updated (publish, title, prices from the editor), catalog.imported
-- (CSV), catalog.prices_changed (pricing runs and proposals) and stock.changed
-- (every stock or reservation move, checkout included). This trigger turns
-- those rows into a PostgreSQL NOTIFY on channel `storeloom_catalog`, which
-- PostgreSQL delivers to every listening API process when — and only if — the
-- transaction commits: no polling, no relay hop, no extra table or hot row.
-- Payload: the tenant id (the whole store's catalog changed), or
-- "<tenant id> <product id>" for stock.changed (only that product's stock and
-- the store's stock-dependent lists). Identical notices within one
-- transaction are folded into one by PostgreSQL.

create or replace function storeloom_outbox_catalog_notify() returns trigger
language plpgsql as $fn$
begin
  if new.topic = 'stock.changed' and (new.payload ->> 'productId') is not null then
    perform pg_notify('storeloom_catalog', new.tenant_id::text || ' ' || (new.payload ->> 'productId'));
  else
    perform pg_notify('storeloom_catalog', new.tenant_id::text);
  end if;
  return null;
end
$fn$;

create trigger outbox_catalog_notify
  after insert on outbox
  for each row
  when (new.topic in ('product.created', 'product.updated', 'catalog.imported',
                      'catalog.prices_changed', 'stock.changed'))
  execute function storeloom_outbox_catalog_notify();
