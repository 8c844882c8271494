-- The storefront home's content: {heroTitle, heroText, featured: [product handles]}.
alter table store_settings add column home jsonb not null default '{}'::jsonb check (jsonb_typeof(home) = 'object');
