-- Shopper accounts (issue #13 point 7): saved addresses with one default per
-- shopper, and e-mailed tokens that name the address they verify (so an email
-- change is proved by a link sent to the new address before it takes effect).
-- Tenant-owned: tenant_id leads every key and FK; storeloom_protect() puts the
-- table behind forced RLS with the app role's grants.

create table customer_addresses (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  line1 text not null check (length(line1) between 1 and 200),
  line2 text check (length(line2) <= 200),
  city text not null check (length(city) between 1 and 100),
  region text check (length(region) <= 100),
  postal_code text not null check (length(postal_code) between 1 and 20),
  country char(2) not null,
  phone text check (length(phone) <= 40),
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
create index customer_addresses_customer_idx on customer_addresses (tenant_id, customer_id, created_at);
create unique index customer_addresses_one_default on customer_addresses (tenant_id, customer_id) where is_default;
select storeloom_protect('customer_addresses');

-- The address a verify token proves; null for reset tokens and older rows.
alter table customer_email_tokens add column email citext;

-- Guest orders found by e-mail when an address is verified.
create index if not exists orders_guest_email_idx on orders (tenant_id, email) where customer_id is null;
