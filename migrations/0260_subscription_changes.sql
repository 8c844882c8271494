-- Subscription history for the console's money reporting (MRR, churn, new and
-- cancelled subscriptions by month). `subscriptions` keeps only each store's
-- current state; this table keeps one row per change of plan or status, with
-- the plan's monthly price at that moment. A trigger writes it, so every
-- writer of billing state (webhooks, maintenance, console overrides) is
-- covered without each remembering to. Money is bigint minor units.
create table subscription_changes (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id bigint generated always as identity,
  changed_at timestamptz not null default now(),
  plan text not null,
  status text not null check (status in ('trialing', 'active', 'past_due', 'canceled')),
  monthly_price bigint not null check (monthly_price >= 0),
  currency char(3) not null,
  primary key (tenant_id, id)
);
create index subscription_changes_at_idx on subscription_changes (changed_at);
select storeloom_protect('subscription_changes');

create or replace function storeloom_record_subscription_change() returns trigger
language plpgsql as $fn$
begin
  if tg_op = 'UPDATE' and new.plan is not distinct from old.plan and new.status is not distinct from old.status then
    return new;
  end if;
  insert into subscription_changes (tenant_id, changed_at, plan, status, monthly_price, currency)
  select new.tenant_id, now(), new.plan, new.status, coalesce(p.monthly_price, 0), coalesce(p.currency, 'USD')
    from (select 1) one left join plans p on p.id = new.plan;
  return new;
end
$fn$;

create trigger subscriptions_record_change
  after insert or update of plan, status on subscriptions
  for each row execute function storeloom_record_subscription_change();

-- The state every store is in now counts from when its row last changed.
insert into subscription_changes (tenant_id, changed_at, plan, status, monthly_price, currency)
select s.tenant_id, s.updated_at, s.plan, s.status, coalesce(p.monthly_price, 0), coalesce(p.currency, 'USD')
  from subscriptions s left join plans p on p.id = s.plan;
