-- Imported sales history (issue #16): a merchant uploads past sales so a new
-- store plans restock from day one. Units sold per SKU per calendar day (the
-- store's days); the planner reads history = orders + these rows. Tenant-owned:
-- tenant_id leads the key; storeloom_protect() puts it behind forced RLS.
create table restock_sales_history (
  tenant_id uuid not null references tenants (id) on delete cascade,
  sku text not null check (length(sku) between 1 and 255),
  day date not null,
  quantity int not null check (quantity >= 0),
  imported_at timestamptz not null default now(),
  primary key (tenant_id, sku, day)
);
select storeloom_protect('restock_sales_history');
