-- Closing a store (issue #17, point 6). The owner starts it; the store is
-- suspended with reason 'closing' for a grace period (its row here says until
-- when), then the platform's purge job removes every row of the store from
-- every table that has a tenant_id and keeps one platform-level tombstone.
--
-- store_closures is a tenant table (purged with the store). store_tombstones
-- is a platform table on purpose WITHOUT a tenant_id column: it must survive
-- the purge, which derives its table list from "every table with tenant_id".
create table store_closures (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  requested_at timestamptz not null default now(),
  requested_by uuid,
  reason text check (reason is null or length(reason) <= 500),
  purge_after timestamptz not null,
  reminder_sent_at timestamptz
);
create index store_closures_purge_idx on store_closures (purge_after);
select storeloom_protect('store_closures');

create table store_tombstones (
  id bigint generated always as identity primary key,
  store_id uuid not null unique,
  handle citext not null,
  name text not null,
  owner_email text,
  closed_at timestamptz,
  closed_by uuid,
  close_reason text,
  purged_at timestamptz not null default now(),
  -- null: the scheduled purge job; else the platform admin who pressed "purge now".
  purged_by uuid,
  purge_reason text,
  rows_removed jsonb not null default '{}'
);
create index store_tombstones_purged_idx on store_tombstones (purged_at desc);
alter table store_tombstones enable row level security;
alter table store_tombstones force row level security;
create policy platform_access on store_tombstones for all to storeloom_platform using (true) with check (true);
grant select, insert on store_tombstones to storeloom_platform;
