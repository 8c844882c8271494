-- Revenue books survive a store's purge (issue #17). The purge removes every
-- row with the store's tenant_id — its subscription history and its orders
-- too — so the console's MRR, churn and GMV for past months would change
-- after it. Just before the purge, the platform keeps a copy of exactly what
-- the books read: the store's subscription changes (plan, status, price) and
-- its GMV per month (counts and amounts). Ids and amounts only — no customer,
-- order or product data. Platform tables WITHOUT a tenant_id column on
-- purpose (the purge derives its table list from "every table with tenant_id").
-- The purged store's handle and name come from its tombstone (0310).
create table purged_subscription_changes (
  store_id uuid not null,
  -- subscription_changes.id: keeps the replay's order within a store.
  id bigint not null,
  changed_at timestamptz not null,
  plan text not null,
  status text not null check (status in ('trialing', 'active', 'past_due', 'canceled')),
  monthly_price bigint not null check (monthly_price >= 0),
  currency char(3) not null,
  primary key (store_id, id)
);
create index purged_subscription_changes_at_idx on purged_subscription_changes (changed_at);

create table purged_store_gmv_months (
  store_id uuid not null,
  -- 'YYYY-MM' (UTC), as the money report keys months.
  month char(7) not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  currency char(3) not null,
  orders integer not null check (orders >= 0),
  gross bigint not null,
  refunds bigint not null,
  platform_fee bigint not null,
  manual_gross bigint not null,
  primary key (store_id, month, currency)
);
create index purged_store_gmv_months_month_idx on purged_store_gmv_months (month);

do $$
declare t text;
begin
  foreach t in array array['purged_subscription_changes', 'purged_store_gmv_months'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy platform_access on %I for all to storeloom_platform using (true) with check (true)', t);
    execute format('grant select, insert on %I to storeloom_platform', t);
  end loop;
end
$$;

-- A store closed while suspended (for billing, or by the platform) goes back
-- to that suspension if the closing is cancelled: closing must not be a way
-- out of an unpaid bill or a platform suspension.
alter table store_closures add column resume_suspended_reason text
  check (resume_suspended_reason is null or length(resume_suspended_reason) between 1 and 500);
