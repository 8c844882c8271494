-- Support impersonation: a platform admin signs in to a store's admin as its
-- owner, for a limited time and with a reason (src/modules/console/impersonation.ts).
-- The console mints a single-use token (only its SHA-256 is kept); the store
-- host redeems it for a page session that expires with the impersonation and
-- records that session here, so the admin shows a banner on every page.
create table impersonations (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  admin_user_id uuid not null references users (id) on delete cascade,
  owner_user_id uuid not null references users (id) on delete cascade,
  reason text not null check (length(reason) between 3 and 500),
  token_hash text not null,
  session_id uuid,
  expires_at timestamptz not null,
  redeemed_at timestamptz,
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, token_hash)
);
create index impersonations_session_idx on impersonations (tenant_id, session_id) where session_id is not null;
select storeloom_protect('impersonations');
