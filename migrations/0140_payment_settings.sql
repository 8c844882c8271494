-- Payment settings (issue #13): how a store takes payment without (or beside)
-- Stripe. Manual payment is either a bank transfer (or any "pay us, we confirm"
-- method) or cash on delivery; `instructions` are shown to the shopper on the
-- confirmation page and in the order e-mail; an unpaid manual-payment order
-- keeps its stock reservation for `hold_days` before it is cancelled (card
-- payments keep the short hold). No row = the defaults (manual on, 7 days).
-- Tenant-owned: tenant_id is the key; storeloom_protect() puts it behind forced RLS.
create table payment_settings (
  tenant_id uuid not null references tenants (id) on delete cascade,
  manual_enabled boolean not null default true,
  manual_method text not null default 'transfer' check (manual_method in ('transfer', 'cash_on_delivery')),
  instructions text not null default '' check (length(instructions) <= 2000),
  hold_days int not null default 7 check (hold_days between 1 and 60),
  updated_at timestamptz not null default now(),
  primary key (tenant_id)
);
select storeloom_protect('payment_settings');
