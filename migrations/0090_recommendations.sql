-- Recommendations (issue #15): shopper signals, per-store settings, the built
-- neighbour lists read by one indexed query, popular products, merchant pins
-- and the build ledger. Every table is tenant-owned: tenant_id leads every key
-- and FK; storeloom_protect() puts it behind forced RLS.

-- Views, add-to-carts and purchases, tied to a customer or to an anonymous
-- first-party session cookie. A customer's deletion cascades to their events;
-- events older than the store's retention are pruned by the nightly build.
create table recommendation_events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id bigint generated always as identity,
  kind text not null check (kind in ('view', 'cart', 'purchase')),
  product_id uuid not null,
  customer_id uuid,
  session_id text check (length(session_id) between 8 and 100),
  occurred_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade,
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade,
  check (customer_id is not null or session_id is not null)
);
create index recommendation_events_time_idx on recommendation_events (tenant_id, occurred_at);
create index recommendation_events_customer_idx on recommendation_events (tenant_id, customer_id, occurred_at desc)
  where customer_id is not null;
create index recommendation_events_session_idx on recommendation_events (tenant_id, session_id, occurred_at desc)
  where session_id is not null;
select storeloom_protect('recommendation_events');

create table recommendation_settings (
  tenant_id uuid not null references tenants (id) on delete cascade,
  retention_days int not null default 180 check (retention_days between 1 and 3650),
  exclude_out_of_stock boolean not null default true,
  updated_at timestamptz not null default now(),
  primary key (tenant_id)
);
select storeloom_protect('recommendation_settings');

-- Top-k neighbours per product and kind, written whole by each build.
create table recommendation_neighbours (
  tenant_id uuid not null,
  product_id uuid not null,
  kind text not null check (kind in ('similar', 'bought_together', 'viewed_together', 'hybrid')),
  rank smallint not null check (rank >= 1),
  neighbour_id uuid not null,
  score real not null,
  shoppers int not null default 0,
  reason text not null,
  primary key (tenant_id, product_id, kind, rank),
  foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade,
  foreign key (tenant_id, neighbour_id) references products (tenant_id, id) on delete cascade,
  check (neighbour_id <> product_id)
);
select storeloom_protect('recommendation_neighbours');

create table recommendation_popular (
  tenant_id uuid not null,
  rank smallint not null check (rank >= 1),
  product_id uuid not null,
  score real not null,
  buyers int not null default 0,
  primary key (tenant_id, rank),
  foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade
);
select storeloom_protect('recommendation_popular');

-- Merchant overrides per product: 'pin' puts a product first, 'exclude' never shows it.
create table recommendation_overrides (
  tenant_id uuid not null,
  product_id uuid not null,
  target_id uuid not null,
  action text not null check (action in ('pin', 'exclude')),
  position smallint not null default 0,
  created_at timestamptz not null default now(),
  primary key (tenant_id, product_id, target_id),
  foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade,
  foreign key (tenant_id, target_id) references products (tenant_id, id) on delete cascade,
  check (target_id <> product_id)
);
select storeloom_protect('recommendation_overrides');

create table recommendation_builds (
  tenant_id uuid not null references tenants (id) on delete cascade,
  built_at timestamptz not null,
  mode text not null check (mode in ('full', 'incremental')),
  products int not null,
  orders int not null,
  events int not null,
  duration_ms int not null,
  primary key (tenant_id)
);
select storeloom_protect('recommendation_builds');
grant usage on sequence recommendation_events_id_seq to storeloom_app, storeloom_platform;
