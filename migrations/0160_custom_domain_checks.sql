-- Custom domains are re-checked periodically (src/modules/domains): when the
-- DNS record last answered, and why a check failed. A domain whose record
-- disappears loses `verified_at` (it stops resolving) but keeps its token, so
-- restoring the record verifies it again.
alter table custom_domains
  add column last_checked_at timestamptz,
  add column last_check_error text;
create index custom_domains_recheck_idx on custom_domains (last_checked_at nulls first);
