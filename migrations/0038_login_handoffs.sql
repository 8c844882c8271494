-- Login handoffs: a signed-in merchant moves to another store's admin (store
-- switcher, apex store list) without typing the password again. Cookies are
-- host-bound, so the origin host mints a single-use, 60-second token for the
-- target site ('store:<tenant id>'), and the target host exchanges it for its
-- own page session. Only the token's SHA-256 is stored. Platform-level (users).
create table login_handoffs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  site text not null,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index login_handoffs_user_idx on login_handoffs (user_id);
grant select, insert, update, delete on login_handoffs to storeloom_app, storeloom_platform;
