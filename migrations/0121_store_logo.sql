-- Store logo (issue #12, point 5): an https URL the merchant sets in
-- Admin › Settings › General (for the storefront header to show).
alter table store_settings
  add column logo_url text check (logo_url is null or (length(logo_url) <= 2000 and logo_url ~* '^https://'));
