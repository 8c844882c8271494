-- Merchant notes on a customer (issue #12, admin customers page): free text a
-- store's staff keep about a shopper, newest first. Tenant-owned: tenant_id
-- leads the key and the customer foreign key; storeloom_protect() puts it
-- behind forced RLS with the app role's grants.
create table customer_notes (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  author_id uuid,
  body text not null check (length(body) between 1 and 5000),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
create index customer_notes_by_customer on customer_notes (tenant_id, customer_id, created_at desc);
select storeloom_protect('customer_notes');
