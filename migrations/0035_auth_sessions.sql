-- Auth: refresh and page sessions, single-use email tokens (verify, reset).
--
-- Merchants and platform admins are platform-level identities (users), so
-- their sessions and tokens live in platform-level tables without tenant_id
-- (explicit grants, no RLS — like `users`). Shoppers belong to one store, so
-- theirs are tenant-owned: tenant_id leads every key, composite FKs, forced RLS.
--
-- Tokens are random 256-bit values; only their SHA-256 is stored. A session
-- family is one login: rotating a refresh token adds a row to the family and
-- marks the old one rotated; presenting a rotated token revokes the family.
-- kind 'refresh' = API refresh cookie (rotates), 'page' = cookie session of
-- the server-rendered pages (does not rotate; carries the CSRF token).

create table user_sessions (
  id uuid primary key default gen_random_uuid(),
  family_id uuid not null,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (kind in ('refresh', 'page')),
  -- Where a page session is valid: 'apex' or 'store:<tenant id>' (cookies are host-bound too).
  site text not null default 'apex',
  token_hash text not null unique,
  csrf_token text,
  expires_at timestamptz not null,
  rotated_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  user_agent text,
  ip text
);
create index user_sessions_family_idx on user_sessions (family_id);
create index user_sessions_user_idx on user_sessions (user_id);
grant select, insert, update, delete on user_sessions to storeloom_app, storeloom_platform;

create table customer_sessions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  family_id uuid not null,
  customer_id uuid not null,
  kind text not null check (kind in ('refresh', 'page')),
  token_hash text not null,
  csrf_token text,
  expires_at timestamptz not null,
  rotated_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  user_agent text,
  ip text,
  primary key (tenant_id, id),
  unique (tenant_id, token_hash),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
create index customer_sessions_family_idx on customer_sessions (tenant_id, family_id);
create index customer_sessions_customer_idx on customer_sessions (tenant_id, customer_id);
select storeloom_protect('customer_sessions');

create table user_email_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('verify', 'reset')),
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index user_email_tokens_user_idx on user_email_tokens (user_id);
grant select, insert, update, delete on user_email_tokens to storeloom_app, storeloom_platform;

create table customer_email_tokens (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  purpose text not null check (purpose in ('verify', 'reset')),
  token_hash text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, token_hash),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
select storeloom_protect('customer_email_tokens');
