-- Staff invitations: a store's owner/admin invites an email address with a
-- role; the emailed single-use token (`<tenant id>.<secret>`, only the
-- secret's SHA-256 stored) is accepted on the apex by logging in or choosing
-- a password. Tenant-owned.
create table staff_invitations (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email citext not null,
  role text not null check (role in ('owner', 'admin', 'staff')),
  token_hash text not null,
  invited_by uuid references users (id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references users (id) on delete set null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, token_hash)
);
create index staff_invitations_email_idx on staff_invitations (tenant_id, email);
select storeloom_protect('staff_invitations');
