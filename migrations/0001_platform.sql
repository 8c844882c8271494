-- Platform core: extensions, the tenant-protection helper, tenants, domains,
-- users, memberships, outbox, idempotency keys, audit log, rate limits.
--
-- Roles (created before migrations by src/lib/db/roles.ts):
--   storeloom_app       LOGIN NOINHERIT, owns nothing, no BYPASSRLS: every request.
--   storeloom_platform  NOLOGIN, no BYPASSRLS: entered with SET LOCAL ROLE by
--                       withPlatformAccess for the console, schedulers and the outbox relay.
-- Because storeloom_app is NOINHERIT, the platform policies below do NOT apply to
-- it until it explicitly switches role inside a transaction.

create extension if not exists citext;
create extension if not exists pg_trgm;
create extension if not exists unaccent;
create extension if not exists pgcrypto;

-- !!! SECURITY CHOKE POINT !!!
-- storeloom_protect(table) is how every tenant-owned table is put behind RLS:
-- ENABLE + FORCE row level security, a policy for the app role that only sees
-- rows of `current_setting('app.tenant_id', true)` (no tenant set -> no rows,
-- and inserts for another tenant are rejected), a policy for the platform
-- role, and DML grants for both. tests/lib/schema-rules.test.ts fails when a
-- table with tenant_id was not passed through here.
create or replace function storeloom_protect(tbl regclass, tenant_col text default 'tenant_id')
returns void language plpgsql as $fn$
begin
  execute format('alter table %s enable row level security', tbl);
  execute format('alter table %s force row level security', tbl);
  execute format('drop policy if exists tenant_isolation on %s', tbl);
  execute format('drop policy if exists platform_access on %s', tbl);
  execute format(
    'create policy tenant_isolation on %s as permissive for all to storeloom_app '
    'using (%I = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
    'with check (%I = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
    tbl, tenant_col, tenant_col);
  execute format('create policy platform_access on %s as permissive for all to storeloom_platform using (true) with check (true)', tbl);
  execute format('grant select, insert, update, delete on %s to storeloom_app, storeloom_platform', tbl);
end
$fn$;

-- Tenants: the registry of stores. The app role sees only the row of the current
-- tenant; resolving a Host to a tenant is a platform read (src/lib/tenancy).
create table tenants (
  id uuid primary key default gen_random_uuid(),
  handle citext not null unique check (handle ~ '^[a-z0-9]([a-z0-9-]{1,38}[a-z0-9])$'),
  name text not null check (length(name) between 1 and 200),
  status text not null default 'active' check (status in ('active', 'suspended', 'deleted')),
  plan text not null default 'trial',
  currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  timezone text not null default 'UTC',
  suspended_reason text,
  suspended_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index tenants_created_idx on tenants (created_at, id);
alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenant_isolation on tenants for all to storeloom_app
  using (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (id = nullif(current_setting('app.tenant_id', true), '')::uuid);
create policy platform_access on tenants for all to storeloom_platform using (true) with check (true);
grant select, update on tenants to storeloom_app;
grant select, insert, update, delete on tenants to storeloom_platform;

-- Custom domains: a platform routing table (a Citus reference table on the scale
-- path). `domain` is globally unique because one host maps to one store; that is
-- the one unique constraint without tenant_id, allowed by the schema test.
create table custom_domains (
  tenant_id uuid not null references tenants (id) on delete cascade,
  domain citext not null,
  verification_token text not null default encode(gen_random_bytes(16), 'hex'),
  verified_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, domain)
);
create unique index custom_domains_domain_key on custom_domains (domain);
select storeloom_protect('custom_domains');

-- Users: merchants and platform admins (platform-level identities; a merchant may
-- belong to several stores through memberships). Shoppers are per-store customers.
create table users (
  id uuid primary key default gen_random_uuid(),
  email citext not null unique,
  password_hash text not null,
  name text,
  email_verified_at timestamptz,
  is_platform_admin boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
grant select, insert, update on users to storeloom_app, storeloom_platform;

create table memberships (
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'staff')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
create index memberships_user_idx on memberships (user_id);
select storeloom_protect('memberships');

-- Transactional outbox: written in the same transaction as the business change;
-- src/lib/outbox.ts relays unsent rows to BullMQ queues. Platform-level events
-- (no store) use the nil tenant id. No FK to tenants: events outlive nothing.
create table outbox (
  tenant_id uuid not null,
  id bigint generated always as identity,
  topic text not null,
  payload jsonb not null,
  dedupe_key text,
  available_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts int not null default 0,
  last_error text,
  primary key (tenant_id, id)
);
create index outbox_unsent_idx on outbox (available_at, id) where sent_at is null;
create unique index outbox_dedupe_key on outbox (tenant_id, dedupe_key) where dedupe_key is not null;
select storeloom_protect('outbox');
grant usage on sequence outbox_id_seq to storeloom_app, storeloom_platform;

-- Idempotency keys (checkout and other unsafe retries): the request hash and the
-- stored response make a replay return the same answer.
create table idempotency_keys (
  tenant_id uuid not null,
  scope text not null,
  key text not null check (length(key) between 1 and 255),
  request_hash text not null,
  status text not null default 'in_progress' check (status in ('in_progress', 'completed')),
  response_status int,
  response_body jsonb,
  created_at timestamptz not null default now(),
  primary key (tenant_id, scope, key)
);
select storeloom_protect('idempotency_keys');

-- Audit log: logins, failed logins, role changes, suspensions, admin actions.
-- Platform-level entries use the nil tenant id.
create table audit_log (
  tenant_id uuid not null,
  id bigint generated always as identity,
  actor_type text not null check (actor_type in ('user', 'customer', 'platform_admin', 'system', 'anonymous')),
  actor_id uuid,
  action text not null,
  target_type text,
  target_id text,
  ip text,
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index audit_log_created_idx on audit_log (created_at desc);
select storeloom_protect('audit_log');
grant usage on sequence audit_log_id_seq to storeloom_app, storeloom_platform;
revoke update, delete on audit_log from storeloom_app;

-- Fixed-window counters for rate limiting when Redis is not configured.
create table rate_limits (
  key text primary key,
  count int not null,
  reset_at timestamptz not null
);
grant select, insert, update, delete on rate_limits to storeloom_app, storeloom_platform;

grant usage on schema public to storeloom_app, storeloom_platform;
