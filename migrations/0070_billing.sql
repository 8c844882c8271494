-- Money: plans and entitlements, merchant subscriptions, the Stripe webhook
-- event ledger, Connect accounts, Stripe payments, refunds and payouts.
-- Money is bigint minor units.

-- Plans: a platform catalog (no tenant). The Stripe Price id of each paid plan
-- comes from configuration (STRIPE_PRICE_<ID>), not from this table, so the
-- same database serves test and live keys. NULL limit = unlimited.
create table plans (
  id text primary key check (id ~ '^[a-z][a-z0-9_]{1,30}$'),
  name text not null,
  monthly_price bigint not null check (monthly_price >= 0),
  currency char(3) not null default 'USD',
  product_limit int check (product_limit >= 0),
  staff_seats int check (staff_seats >= 1),
  transaction_fee_bp int not null check (transaction_fee_bp between 0 and 10000),
  custom_domain boolean not null,
  dynamic_pricing boolean not null,
  purchasable boolean not null,
  position int not null default 0
);
grant select on plans to storeloom_app, storeloom_platform;
insert into plans (id, name, monthly_price, product_limit, staff_seats, transaction_fee_bp, custom_domain, dynamic_pricing, purchasable, position) values
  ('developer', 'Developer (billing not configured)', 0, null, null, 0, true, true, false, 0),
  ('trial', 'Trial', 0, 50, 2, 200, false, false, false, 1),
  ('starter', 'Starter', 2900, 100, 2, 200, false, false, true, 2),
  ('growth', 'Growth', 7900, 1000, 5, 100, true, false, true, 3),
  ('pro', 'Pro', 29900, null, 20, 50, true, true, true, 4);

-- One subscription record per store: the local mirror of its Stripe
-- subscription. `last_event_created` is the `created` (unix seconds) of the
-- newest Stripe event applied, so an older event arriving late changes nothing.
create table subscriptions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  plan text not null references plans (id),
  status text not null default 'trialing' check (status in ('trialing', 'active', 'past_due', 'canceled')),
  stripe_customer_id text,
  stripe_subscription_id text,
  stripe_price_id text,
  current_period_end timestamptz,
  trial_ends_at timestamptz,
  grace_ends_at timestamptz,
  cancel_at_period_end boolean not null default false,
  last_event_created bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id)
);
create index subscriptions_customer_idx on subscriptions (stripe_customer_id);
create index subscriptions_subscription_idx on subscriptions (stripe_subscription_id);
create index subscriptions_grace_idx on subscriptions (grace_ends_at) where status = 'past_due';
select storeloom_protect('subscriptions');

-- Webhook ledger (platform-level: an event is received before we know its
-- store). The primary key on Stripe's event id is the deduplication: the row
-- is inserted BEFORE any effect, so a redelivery finds it and does nothing.
create table stripe_events (
  id text primary key check (id ~ '^evt_'),
  type text not null,
  account text,
  event_created bigint not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text,
  store_id uuid
);
create index stripe_events_unprocessed_idx on stripe_events (received_at) where processed_at is null;
grant select, insert, update on stripe_events to storeloom_app, storeloom_platform;

-- A store's Stripe Connect (Express) account; its flags mirror account.updated.
create table connected_accounts (
  tenant_id uuid not null references tenants (id) on delete cascade,
  account_id text not null,
  charges_enabled boolean not null default false,
  payouts_enabled boolean not null default false,
  details_submitted boolean not null default false,
  disabled_reason text,
  last_event_created bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id),
  unique (tenant_id, account_id)
);
create index connected_accounts_account_idx on connected_accounts (account_id);
select storeloom_protect('connected_accounts');

-- Shopper card payments: one PaymentIntent (destination charge) per order.
create table stripe_payments (
  tenant_id uuid not null,
  id text not null,
  order_id uuid not null,
  account_id text not null,
  amount bigint not null check (amount > 0),
  application_fee bigint not null check (application_fee >= 0),
  currency char(3) not null,
  status text not null default 'requires_payment' check (status in ('requires_payment', 'succeeded', 'failed', 'canceled')),
  charge_id text,
  amount_refunded bigint not null default 0 check (amount_refunded >= 0),
  disputed boolean not null default false,
  dispute_id text,
  dispute_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, order_id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
  check (amount_refunded <= amount)
);
create index stripe_payments_pi_idx on stripe_payments (id);
create index stripe_payments_charge_idx on stripe_payments (charge_id);
select storeloom_protect('stripe_payments');

create table stripe_refunds (
  tenant_id uuid not null,
  id text not null,
  order_id uuid not null,
  payment_id text not null,
  amount bigint not null check (amount > 0),
  restock boolean not null default false,
  actor_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
  foreign key (tenant_id, payment_id) references stripe_payments (tenant_id, id) on delete cascade
);
create index stripe_refunds_order_idx on stripe_refunds (tenant_id, order_id);
select storeloom_protect('stripe_refunds');

-- Settlement: one row per payout to the store's bank, summarised from the
-- payout's balance transactions. net = gross - stripe_fees - platform_fees - refunds + adjustments.
create table payouts (
  tenant_id uuid not null,
  id text not null,
  account_id text not null,
  currency char(3) not null,
  amount bigint not null,
  gross bigint not null,
  stripe_fees bigint not null,
  platform_fees bigint not null,
  refunds bigint not null,
  adjustments bigint not null,
  net bigint not null,
  transaction_count int not null,
  status text not null,
  arrival_date timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index payouts_arrival_idx on payouts (tenant_id, arrival_date desc, id);
select storeloom_protect('payouts');
