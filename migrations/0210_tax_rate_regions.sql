-- Taxes by region (state/province): a rate row is a country's ('' region) or
-- one of its regions' (ISO 3166-2 subdivision code without the country, e.g.
-- 'CA' in US, 'ON' in CA, 'NSW' in AU). Checkout uses the region's rate when
-- the store has one, else the country's.
alter table tax_rates add column region text not null default ''
  check (region ~ '^[A-Z0-9]{0,3}$');
alter table tax_rates drop constraint tax_rates_pkey;
alter table tax_rates add primary key (tenant_id, country, region);
