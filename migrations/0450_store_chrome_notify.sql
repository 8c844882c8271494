-- Store chrome cache invalidation across processes (src/modules/stores/chrome-cache.ts,
-- wired in src/boot.ts). Each API process keeps a store's chrome (what every
-- storefront page's layout shows: theme, navigation, tagline, footer page
-- links, plus the name, handle and currency migration 0410's `site …` notices
-- already announce) for minutes while its notice listener is live; these
-- triggers tell every listening process, at commit, that a store's chrome
-- changed. Same channel as migrations 0270 and 0410 (one listener connection
-- per process), payload
--   "chrome <tenant id>"
-- which neither the catalog notices (they start with a tenant id) nor the
-- site notices (they start with "site ") can be confused with.
-- Only changes to what the chrome reads notify: not the SEO text, the home
-- page blocks or a page's body (read uncached).

create or replace function storeloom_chrome_notify() returns trigger
language plpgsql as $fn$
begin
  if tg_op = 'DELETE' then
    perform pg_notify('storeloom_catalog', 'chrome ' || old.tenant_id::text);
  else
    perform pg_notify('storeloom_catalog', 'chrome ' || new.tenant_id::text);
    if tg_op = 'UPDATE' and old.tenant_id is distinct from new.tenant_id then
      perform pg_notify('storeloom_catalog', 'chrome ' || old.tenant_id::text);
    end if;
  end if;
  return null;
end
$fn$;

-- What findStoreSettings gives the chrome: tagline, theme, navigation.
create trigger store_settings_chrome_notify_insert_delete
  after insert or delete on store_settings
  for each row execute function storeloom_chrome_notify();

create trigger store_settings_chrome_notify_update
  after update of tenant_id, tagline, theme, navigation on store_settings
  for each row
  when (old.tenant_id is distinct from new.tenant_id or old.tagline is distinct from new.tagline
        or old.theme is distinct from new.theme or old.navigation is distinct from new.navigation)
  execute function storeloom_chrome_notify();

-- What listPublishedPageLinks gives the chrome: published pages' slug and title, in position order.
create trigger store_pages_chrome_notify_insert_delete
  after insert or delete on store_pages
  for each row
  execute function storeloom_chrome_notify();

create trigger store_pages_chrome_notify_update
  after update of tenant_id, slug, title, published, position on store_pages
  for each row
  when (old.tenant_id is distinct from new.tenant_id or old.slug is distinct from new.slug
        or old.title is distinct from new.title or old.published is distinct from new.published
        or old.position is distinct from new.position)
  execute function storeloom_chrome_notify();
