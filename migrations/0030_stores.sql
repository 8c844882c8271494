-- Stores: per-store settings (theme, navigation, SEO, template), content pages,
-- and the trial end date set by signup. Both new tables are tenant-owned:
-- tenant_id leads every key, storeloom_protect() forces RLS.

-- Set by signup (now + 14 days); read by billing to end the trial.
alter table tenants add column trial_ends_at timestamptz;

-- One row per store. The store's timezone and currency live on `tenants`
-- (the host resolver already reads them); this row holds what the storefront
-- renders: theme {colors, fonts}, navigation [{label, href}], seo {title,
-- description}, and the template the store was provisioned from.
create table store_settings (
  tenant_id uuid not null references tenants (id) on delete cascade,
  template text not null default 'blank' check (template ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  tagline text check (length(tagline) <= 300),
  theme jsonb not null default '{}'::jsonb check (jsonb_typeof(theme) = 'object'),
  navigation jsonb not null default '[]'::jsonb check (jsonb_typeof(navigation) = 'array'),
  seo jsonb not null default '{}'::jsonb check (jsonb_typeof(seo) = 'object'),
  contact_email citext,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id)
);
select storeloom_protect('store_settings');

-- Content pages (about, shipping, returns, …) at /pages/:slug. The body is
-- Markdown; it is rendered by a small escaping renderer, never as raw HTML.
create table store_pages (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  slug citext not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
  title text not null check (length(title) between 1 and 200),
  body text not null default '' check (length(body) <= 100000),
  published boolean not null default true,
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, slug)
);
create index store_pages_position_idx on store_pages (tenant_id, published, position);
select storeloom_protect('store_pages');
