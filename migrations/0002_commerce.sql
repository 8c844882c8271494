-- Commerce core: customers, catalog, inventory, carts, orders, discounts,
-- shipping and tax. Every table is tenant-owned: tenant_id leads the primary
-- key, every unique constraint and every foreign key, and storeloom_protect()
-- puts it behind forced RLS. Money is bigint minor units in the store's currency.

create table customers (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email citext not null,
  password_hash text,
  name text,
  email_verified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, email)
);
select storeloom_protect('customers');

create table categories (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  parent_id uuid,
  handle citext not null,
  name text not null,
  description text,
  position int not null default 0,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, handle),
  foreign key (tenant_id, parent_id) references categories (tenant_id, id) on delete set null (parent_id)
);
select storeloom_protect('categories');

-- Immutable wrapper so unaccent can be used in indexes and generated columns.
create or replace function storeloom_unaccent(text) returns text
  language sql immutable parallel safe strict
  as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- The weighted search document, declared immutable (array_to_string is only
-- stable in general, but on text[] it is deterministic).
create or replace function storeloom_search_document(title text, tags text[], category text, description text)
  returns tsvector language sql immutable parallel safe
  as $$
    select setweight(to_tsvector('simple'::regconfig, storeloom_unaccent(coalesce(title, ''))), 'A') ||
           setweight(to_tsvector('simple'::regconfig, storeloom_unaccent(coalesce(array_to_string(tags, ' '), '') || ' ' || coalesce(category, ''))), 'B') ||
           setweight(to_tsvector('simple'::regconfig, storeloom_unaccent(coalesce(description, ''))), 'C')
  $$;

create table products (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  handle citext not null,
  title text not null,
  description text not null default '',
  category_id uuid,
  tags text[] not null default '{}',
  status text not null default 'draft' check (status in ('draft', 'active', 'archived')),
  options jsonb not null default '[]'::jsonb,
  -- Denormalised for listing and facets; maintained by the catalog repository.
  min_price bigint not null default 0,
  max_price bigint not null default 0,
  in_stock boolean not null default false,
  -- Weighted search document: title (A) > tags, category (B) > description (C).
  search_category text not null default '',
  search tsvector generated always as (
    storeloom_search_document(title, tags, search_category, description)
  ) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, handle),
  foreign key (tenant_id, category_id) references categories (tenant_id, id) on delete set null (category_id)
);
create index products_search_idx on products using gin (search);
create index products_title_trgm_idx on products using gin (storeloom_unaccent(lower(title)) gin_trgm_ops);
create index products_listing_idx on products (tenant_id, status, created_at desc, id);
create index products_price_idx on products (tenant_id, status, min_price, id);
create index products_category_idx on products (tenant_id, category_id);
select storeloom_protect('products');

create table product_images (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  product_id uuid not null,
  url text not null,
  alt text not null default '',
  position int not null default 0,
  primary key (tenant_id, id),
  foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade
);
create index product_images_product_idx on product_images (tenant_id, product_id, position);
select storeloom_protect('product_images');

-- Variants carry their own stock: `stock` on hand, `reserved` held by unpaid
-- orders; available = stock - reserved. The CHECKs make overselling impossible
-- even if application code were wrong.
create table variants (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  product_id uuid not null,
  sku text not null check (length(sku) between 1 and 100),
  title text not null default '',
  options jsonb not null default '{}'::jsonb,
  price bigint not null check (price >= 0),
  compare_at_price bigint check (compare_at_price >= 0),
  cost bigint check (cost >= 0),
  position int not null default 0,
  stock int not null default 0 check (stock >= 0),
  reserved int not null default 0 check (reserved >= 0),
  low_stock_threshold int not null default 5 check (low_stock_threshold >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, sku),
  foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade,
  check (reserved <= stock)
);
create index variants_product_idx on variants (tenant_id, product_id, position);
select storeloom_protect('variants');

-- The inventory ledger: every change of stock or reservation, with reason and actor.
create table inventory_adjustments (
  tenant_id uuid not null,
  id bigint generated always as identity,
  variant_id uuid not null,
  delta int not null,
  reserved_delta int not null default 0,
  reason text not null check (reason in ('sale', 'restock', 'correction', 'return', 'reservation', 'reservation_release', 'initial', 'purchase_order', 'damage')),
  note text,
  actor_type text not null default 'system',
  actor_id uuid,
  reference text,
  stock_after int not null,
  reserved_after int not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id) on delete cascade
);
create index inventory_adjustments_variant_idx on inventory_adjustments (tenant_id, variant_id, created_at desc);
select storeloom_protect('inventory_adjustments');
grant usage on sequence inventory_adjustments_id_seq to storeloom_app, storeloom_platform;

create table carts (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  customer_id uuid,
  status text not null default 'active' check (status in ('active', 'converted', 'merged')),
  currency char(3) not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete set null (customer_id)
);
create index carts_customer_idx on carts (tenant_id, customer_id) where status = 'active';
select storeloom_protect('carts');

create table cart_items (
  tenant_id uuid not null,
  cart_id uuid not null,
  variant_id uuid not null,
  quantity int not null check (quantity > 0 and quantity <= 10000),
  created_at timestamptz not null default now(),
  primary key (tenant_id, cart_id, variant_id),
  foreign key (tenant_id, cart_id) references carts (tenant_id, id) on delete cascade,
  foreign key (tenant_id, variant_id) references variants (tenant_id, id) on delete cascade
);
select storeloom_protect('cart_items');

create table discount_codes (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  code citext not null,
  kind text not null check (kind in ('percentage', 'fixed')),
  -- percentage: basis points (1000 = 10%); fixed: minor units.
  value bigint not null check (value > 0),
  min_subtotal bigint not null default 0,
  usage_limit int,
  used_count int not null default 0,
  starts_at timestamptz,
  ends_at timestamptz,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, code),
  check (kind <> 'percentage' or value <= 10000),
  check (usage_limit is null or used_count <= usage_limit)
);
select storeloom_protect('discount_codes');

create table shipping_rates (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  amount bigint not null check (amount >= 0),
  free_above bigint,
  countries text[] not null default '{}',
  position int not null default 0,
  active boolean not null default true,
  primary key (tenant_id, id)
);
select storeloom_protect('shipping_rates');

create table tax_rates (
  tenant_id uuid not null references tenants (id) on delete cascade,
  country char(2) not null,
  -- Basis points: 2000 = 20%.
  rate_bp int not null check (rate_bp between 0 and 10000),
  inclusive boolean not null default false,
  primary key (tenant_id, country)
);
select storeloom_protect('tax_rates');

-- Gapless per-store order numbers: the row is locked by the creating transaction,
-- so a rolled-back checkout gives its number back.
create table order_counters (
  tenant_id uuid not null references tenants (id) on delete cascade,
  next_number int not null default 1001,
  primary key (tenant_id)
);
select storeloom_protect('order_counters');

create table orders (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  number int not null,
  customer_id uuid,
  cart_id uuid,
  email citext not null,
  status text not null default 'pending_payment' check (status in
    ('pending_payment', 'paid', 'fulfilled', 'completed', 'cancelled', 'partially_refunded', 'refunded')),
  currency char(3) not null,
  subtotal bigint not null check (subtotal >= 0),
  discount_total bigint not null default 0 check (discount_total >= 0),
  shipping_total bigint not null default 0 check (shipping_total >= 0),
  tax_total bigint not null default 0 check (tax_total >= 0),
  tax_inclusive boolean not null default false,
  total bigint not null check (total >= 0),
  refunded_total bigint not null default 0 check (refunded_total >= 0),
  discount_code citext,
  shipping_address jsonb not null,
  shipping_method text,
  payment_provider text not null default 'manual',
  payment_reference text,
  tracking_number text,
  reservation_expires_at timestamptz,
  placed_at timestamptz not null default now(),
  paid_at timestamptz,
  fulfilled_at timestamptz,
  cancelled_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, number),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete set null (customer_id),
  check (refunded_total <= total)
);
create index orders_status_idx on orders (tenant_id, status, placed_at desc, id);
create index orders_customer_idx on orders (tenant_id, customer_id, placed_at desc);
create index orders_reservation_idx on orders (reservation_expires_at) where status = 'pending_payment';
select storeloom_protect('orders');

create table order_lines (
  tenant_id uuid not null,
  order_id uuid not null,
  id uuid not null default gen_random_uuid(),
  variant_id uuid,
  product_id uuid,
  sku text not null,
  title text not null,
  quantity int not null check (quantity > 0),
  unit_price bigint not null check (unit_price >= 0),
  total bigint not null check (total >= 0),
  cost bigint,
  primary key (tenant_id, order_id, id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
  foreign key (tenant_id, variant_id) references variants (tenant_id, id) on delete set null (variant_id)
);
create index order_lines_variant_idx on order_lines (tenant_id, variant_id);
select storeloom_protect('order_lines');

-- Stock held for an unpaid order; released on cancel or expiry, consumed on payment.
create table reservations (
  tenant_id uuid not null,
  order_id uuid not null,
  variant_id uuid not null,
  quantity int not null check (quantity > 0),
  expires_at timestamptz not null,
  status text not null default 'held' check (status in ('held', 'consumed', 'released')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, order_id, variant_id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
  foreign key (tenant_id, variant_id) references variants (tenant_id, id) on delete cascade
);
create index reservations_expiry_idx on reservations (expires_at) where status = 'held';
select storeloom_protect('reservations');

-- The order timeline.
create table order_events (
  tenant_id uuid not null,
  id bigint generated always as identity,
  order_id uuid not null,
  type text not null,
  message text not null default '',
  data jsonb not null default '{}'::jsonb,
  actor_type text not null default 'system',
  actor_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
);
create index order_events_order_idx on order_events (tenant_id, order_id, id);
select storeloom_protect('order_events');
grant usage on sequence order_events_id_seq to storeloom_app, storeloom_platform;
