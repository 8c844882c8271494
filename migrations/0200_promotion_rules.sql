-- Promotions driven by stock and sales (issue #19): the store's promotion
-- rules (clearance, slow movers, low-stock protection, bundles, launch), the
-- proposals the pricing worker makes from them, the live promotions (offers)
-- that checkout honours, and each rule's budget per period. Every table is
-- tenant-owned: tenant_id leads every key and FK; storeloom_protect() puts it
-- behind forced RLS with the app and platform roles' grants.
-- Money is bigint minor units; percentages are basis points (10000 = 100%).

create table promotion_settings (
  tenant_id uuid not null references tenants (id) on delete cascade,
  -- Price elasticity of demand ×10000 (15000: 1 % cheaper → 1.5 % more units).
  elasticity_bp int not null default 15000 check (elasticity_bp between 0 and 100000),
  margin_floor_bp int not null default 1000 check (margin_floor_bp between 0 and 100000),
  -- How many promotions may stack on one line at most.
  max_stack int not null default 2 check (max_stack between 1 and 5),
  updated_at timestamptz not null default now(),
  primary key (tenant_id)
);
select storeloom_protect('promotion_settings');

-- kind params (jsonb, validated by the module's zod schemas):
--   clearance  {coverDays, stepBp, stepEveryDays, maxDepthBp}
--   slow_mover {idleDays, discountBp}
--   low_stock  {threshold}            (ends live promotions; proposes nothing)
--   bundle     {discountBp, minShoppers}
--   launch     {days, discountBp}
create table promotion_rules (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('clearance', 'slow_mover', 'low_stock', 'bundle', 'launch')),
  params jsonb not null default '{}'::jsonb,
  starts_at timestamptz,
  ends_at timestamptz,
  duration_days int not null default 14 check (duration_days between 1 and 365),
  budget_cap bigint check (budget_cap is null or budget_cap >= 0),
  budget_period_days int not null default 30 check (budget_period_days between 1 and 366),
  priority int not null default 0 check (priority between -1000 and 1000),
  stackable boolean not null default false,
  auto_apply boolean not null default false,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check (ends_at is null or starts_at is null or ends_at > starts_at)
);
select storeloom_protect('promotion_rules');

create table promotion_proposals (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  rule_id uuid not null,
  run_key text not null,
  variant_id uuid not null,
  product_id uuid not null,
  -- bundle: the product bought together with this one.
  partner_product_id uuid,
  discount_bp int not null check (discount_bp between 1 and 9500),
  list_price bigint not null check (list_price >= 0),
  promo_price bigint not null check (promo_price > 0),
  floor_price bigint not null check (floor_price >= 0),
  explanation text not null,
  duration_days int not null,
  baseline_units numeric(14, 2) not null,
  baseline_revenue bigint not null,
  expected_units numeric(14, 2) not null,
  expected_revenue bigint not null,
  status text not null default 'open' check (status in ('open', 'approved', 'rejected', 'superseded')),
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, run_key, rule_id, variant_id),
  foreign key (tenant_id, rule_id) references promotion_rules (tenant_id, id) on delete cascade,
  foreign key (tenant_id, variant_id) references variants (tenant_id, id) on delete cascade
);
create index promotion_proposals_open_idx on promotion_proposals (tenant_id, status, created_at desc);
select storeloom_protect('promotion_proposals');

-- A live promotion on one variant (bundle: only when the partner product is in the cart).
create table promotion_offers (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  rule_id uuid not null,
  proposal_id uuid,
  variant_id uuid not null,
  product_id uuid not null,
  partner_product_id uuid,
  discount_bp int not null check (discount_bp between 1 and 9500),
  floor_price bigint not null check (floor_price >= 0),
  priority int not null default 0,
  stackable boolean not null default false,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null default 'active' check (status in ('active', 'ended')),
  ended_reason text,
  max_uses int check (max_uses is null or max_uses > 0),
  uses int not null default 0 check (uses >= 0),
  units int not null default 0,
  revenue bigint not null default 0,
  discount_given bigint not null default 0,
  cost_total bigint not null default 0,
  baseline_units numeric(14, 2) not null default 0,
  baseline_revenue bigint not null default 0,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check (ends_at > starts_at),
  check (max_uses is null or uses <= max_uses),
  foreign key (tenant_id, rule_id) references promotion_rules (tenant_id, id) on delete cascade,
  foreign key (tenant_id, variant_id) references variants (tenant_id, id) on delete cascade
);
create index promotion_offers_live_idx on promotion_offers (tenant_id, variant_id) where status = 'active';
select storeloom_protect('promotion_offers');

-- Discount given per rule and budget period; claimed with one guarded upsert.
create table promotion_budgets (
  tenant_id uuid not null,
  rule_id uuid not null,
  period_start date not null,
  spent bigint not null default 0 check (spent >= 0),
  primary key (tenant_id, rule_id, period_start),
  foreign key (tenant_id, rule_id) references promotion_rules (tenant_id, id) on delete cascade
);
select storeloom_protect('promotion_budgets');
