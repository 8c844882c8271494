-- Background work owned by the workers issue: pricing (settings, rules,
-- promotions, list prices, history), restock (settings, suppliers, variant
-- links, purchase orders), low-stock alerts, merchant webhooks and the job-run
-- ledger that makes scheduled jobs idempotent. Every table is tenant-owned:
-- tenant_id leads every key and FK; storeloom_protect() puts it behind RLS.
-- Money is bigint minor units; percentages are basis points (10000 = 100%).

create table pricing_settings (
  tenant_id uuid not null references tenants (id) on delete cascade,
  -- 'apply' writes the new price to the variant; 'propose' only records it.
  mode text not null default 'propose' check (mode in ('apply', 'propose')),
  margin_floor_bp int not null default 1000 check (margin_floor_bp between 0 and 100000),
  max_step_bp int not null default 1000 check (max_step_bp between 1 and 10000),
  velocity_window_days int not null default 28 check (velocity_window_days between 1 and 365),
  updated_at timestamptz not null default now(),
  primary key (tenant_id)
);
select storeloom_protect('pricing_settings');

-- kind: cost_plus {markupBp} | seasonal {multiplierBp} (with starts_at/ends_at)
--     | demand {lowCoverDays, highCoverDays, stepBp, minBp, maxBp}
-- category_id null → applies to every category.
create table price_rules (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('cost_plus', 'seasonal', 'demand')),
  category_id uuid,
  params jsonb not null default '{}'::jsonb,
  starts_at timestamptz,
  ends_at timestamptz,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, category_id) references categories (tenant_id, id) on delete cascade,
  check (ends_at is null or starts_at is null or ends_at > starts_at)
);
select storeloom_protect('price_rules');

create table promotions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('percentage', 'fixed')),
  -- percentage: basis points; fixed: minor units off.
  value bigint not null check (value > 0),
  target text not null check (target in ('all', 'product', 'category')),
  target_id uuid,
  priority int not null default 0,
  stackable boolean not null default false,
  starts_at timestamptz not null,
  ends_at timestamptz,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check (kind <> 'percentage' or value <= 10000),
  check ((target = 'all') = (target_id is null)),
  check (ends_at is null or ends_at > starts_at)
);
select storeloom_protect('promotions');

-- The pre-promotion ("list") price the engine moves from run to run, so a
-- promotion is never compounded into the next run's starting point.
create table variant_list_prices (
  tenant_id uuid not null,
  variant_id uuid not null,
  list_price bigint not null check (list_price >= 0),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, variant_id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id) on delete cascade
);
select storeloom_protect('variant_list_prices');

create table price_history (
  tenant_id uuid not null,
  id bigint generated always as identity,
  variant_id uuid not null,
  -- One row per variant per run: a re-run of the same job writes nothing twice.
  run_key text not null,
  old_price bigint not null,
  new_price bigint not null,
  list_price bigint not null,
  rule text not null,
  reasons jsonb not null default '[]'::jsonb,
  status text not null check (status in ('applied', 'proposed', 'superseded')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, run_key, variant_id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id) on delete cascade
);
create index price_history_variant_idx on price_history (tenant_id, variant_id, id desc);
create index price_history_proposed_idx on price_history (tenant_id, status) where status = 'proposed';
select storeloom_protect('price_history');
grant usage on sequence price_history_id_seq to storeloom_app, storeloom_platform;

create table restock_settings (
  tenant_id uuid not null references tenants (id) on delete cascade,
  service_level_bp int not null default 9500 check (service_level_bp between 5000 and 9990),
  cover_days int not null default 30 check (cover_days between 1 and 365),
  history_days int not null default 365 check (history_days between 7 and 1095),
  updated_at timestamptz not null default now(),
  primary key (tenant_id)
);
select storeloom_protect('restock_settings');

create table suppliers (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  email citext,
  lead_time_days int not null default 7 check (lead_time_days between 0 and 365),
  moq int not null default 1 check (moq >= 1),
  pack_size int not null default 1 check (pack_size >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
select storeloom_protect('suppliers');

create table variant_suppliers (
  tenant_id uuid not null,
  variant_id uuid not null,
  supplier_id uuid not null,
  unit_cost bigint not null check (unit_cost >= 0),
  preferred boolean not null default true,
  primary key (tenant_id, variant_id, supplier_id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id) on delete cascade,
  foreign key (tenant_id, supplier_id) references suppliers (tenant_id, id) on delete cascade
);
create index variant_suppliers_supplier_idx on variant_suppliers (tenant_id, supplier_id);
select storeloom_protect('variant_suppliers');

create table purchase_orders (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  supplier_id uuid not null,
  status text not null default 'draft' check (status in ('draft', 'ordered', 'received', 'cancelled')),
  -- A nightly planning run creates each supplier's draft once.
  plan_key text,
  total bigint not null default 0 check (total >= 0),
  ordered_at timestamptz,
  received_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, supplier_id, plan_key),
  foreign key (tenant_id, supplier_id) references suppliers (tenant_id, id) on delete restrict
);
create index purchase_orders_status_idx on purchase_orders (tenant_id, status, created_at desc);
select storeloom_protect('purchase_orders');

create table purchase_order_lines (
  tenant_id uuid not null,
  purchase_order_id uuid not null,
  variant_id uuid not null,
  quantity int not null check (quantity > 0),
  unit_cost bigint not null check (unit_cost >= 0),
  primary key (tenant_id, purchase_order_id, variant_id),
  foreign key (tenant_id, purchase_order_id) references purchase_orders (tenant_id, id) on delete cascade,
  foreign key (tenant_id, variant_id) references variants (tenant_id, id) on delete cascade
);
select storeloom_protect('purchase_order_lines');

create table stock_alerts (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  variant_id uuid not null,
  sku text not null,
  available int not null,
  threshold int not null,
  status text not null default 'open' check (status in ('open', 'resolved')),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id) on delete cascade
);
-- At most ONE open alert per variant, whatever the concurrency of events.
create unique index stock_alerts_open_key on stock_alerts (tenant_id, variant_id) where status = 'open';
create index stock_alerts_created_idx on stock_alerts (tenant_id, created_at desc);
select storeloom_protect('stock_alerts');

create table webhook_endpoints (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  url text not null check (url ~ '^https?://'),
  -- Shared secret for the HMAC-SHA256 signature; shown to the merchant once.
  secret text not null,
  events text[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
select storeloom_protect('webhook_endpoints');

create table webhook_deliveries (
  tenant_id uuid not null,
  id bigint generated always as identity,
  endpoint_id uuid not null,
  event_id text not null,
  topic text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  response_status int,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, endpoint_id, event_id),
  foreign key (tenant_id, endpoint_id) references webhook_endpoints (tenant_id, id) on delete cascade
);
select storeloom_protect('webhook_deliveries');
grant usage on sequence webhook_deliveries_id_seq to storeloom_app, storeloom_platform;

-- Scheduled jobs record their run key here in the same transaction as their
-- effects: a job re-run after a crash finds the key and applies nothing twice.
create table job_runs (
  tenant_id uuid not null references tenants (id) on delete cascade,
  run_key text not null,
  kind text not null,
  result jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  primary key (tenant_id, run_key)
);
select storeloom_protect('job_runs');
