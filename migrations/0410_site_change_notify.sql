-- Host → store cache invalidation across processes (src/modules/tenancy/site.ts,
-- wired in src/boot.ts). Each API process keeps what a Host resolved to (a
-- store's TenantInfo by handle or by verified custom domain, its primary
-- domain, or "no such store") for minutes while its notice listener is live;
-- these triggers tell every listening process, at commit, which entries a
-- change makes stale. They reuse migration 0270's channel `storeloom_catalog`
-- (one listener connection per process) with a payload the catalog notices
-- cannot be confused with (theirs start with a tenant id):
--   "site <tenant id> <name>..."  drop the tenant's entries and the entries
--                                 keyed by each name (a handle, old and new,
--                                 or a custom domain, old and new); a
--                                 negative entry for a name that now resolves
--                                 is dropped with it; "domain:*" (a plan
--                                 change) names every unknown domain
--   "site *"                      drop everything (a plan's custom_domain
--                                 flag changed: every domain lookup may)
-- Names are lower-case (handles are; domains are citext and Hosts are
-- lower-cased before lookup). Only changes to what the cache holds notify:
-- not a domain re-check's last_checked_at, not a suspension reason.

create or replace function storeloom_tenant_site_notify() returns trigger
language plpgsql as $fn$
begin
  if tg_op = 'INSERT' then
    perform pg_notify('storeloom_catalog', 'site ' || new.id::text || ' ' || lower(new.handle::text));
  elsif tg_op = 'DELETE' then
    perform pg_notify('storeloom_catalog', 'site ' || old.id::text || ' ' || lower(old.handle::text));
  else
    perform pg_notify('storeloom_catalog', 'site ' || new.id::text || ' ' || lower(old.handle::text)
      || case when lower(old.handle::text) = lower(new.handle::text) then ''
              else ' ' || lower(new.handle::text) end
      -- A plan decides whether the store's domains resolve: a domain cached
      -- as unknown (not this tenant's, as far as the cache knows) may now.
      || case when old.plan is distinct from new.plan then ' domain:*' else '' end);
  end if;
  return null;
end
$fn$;

create trigger tenants_site_notify_insert_delete
  after insert or delete on tenants
  for each row execute function storeloom_tenant_site_notify();

-- The columns TenantInfo carries (tenancy repository TENANT_COLUMNS).
create trigger tenants_site_notify_update
  after update of handle, name, status, plan, currency, timezone on tenants
  for each row
  when (old.handle is distinct from new.handle or old.name is distinct from new.name
        or old.status is distinct from new.status or old.plan is distinct from new.plan
        or old.currency is distinct from new.currency or old.timezone is distinct from new.timezone)
  execute function storeloom_tenant_site_notify();

create or replace function storeloom_domain_site_notify() returns trigger
language plpgsql as $fn$
begin
  if tg_op = 'INSERT' then
    perform pg_notify('storeloom_catalog', 'site ' || new.tenant_id::text || ' domain:' || lower(new.domain::text));
  elsif tg_op = 'DELETE' then
    perform pg_notify('storeloom_catalog', 'site ' || old.tenant_id::text || ' domain:' || lower(old.domain::text));
  else
    perform pg_notify('storeloom_catalog', 'site ' || old.tenant_id::text || ' domain:' || lower(old.domain::text));
    if new.tenant_id is distinct from old.tenant_id or lower(new.domain::text) <> lower(old.domain::text) then
      perform pg_notify('storeloom_catalog', 'site ' || new.tenant_id::text || ' domain:' || lower(new.domain::text));
    end if;
  end if;
  return null;
end
$fn$;

create trigger custom_domains_site_notify_insert_delete
  after insert or delete on custom_domains
  for each row execute function storeloom_domain_site_notify();

-- What findTenantByDomain / findPrimaryDomain read: the domain, its store, when verified
-- (the primary domain is the earliest verified; a re-check keeps verified_at).
create trigger custom_domains_site_notify_update
  after update of tenant_id, domain, verified_at on custom_domains
  for each row
  when (old.tenant_id is distinct from new.tenant_id or old.domain is distinct from new.domain
        or old.verified_at is distinct from new.verified_at)
  execute function storeloom_domain_site_notify();

create or replace function storeloom_plans_site_notify() returns trigger
language plpgsql as $fn$
begin
  perform pg_notify('storeloom_catalog', 'site *');
  return null;
end
$fn$;

create trigger plans_site_notify
  after insert or delete or update of id, custom_domain on plans
  for each statement execute function storeloom_plans_site_notify();
