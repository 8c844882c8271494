-- A store's product, category or page by handle is a key lookup on
-- (tenant_id, handle) — but under row-level security it was not: handles are
-- citext, and citext's `=` (citext_eq) is not marked LEAKPROOF, so PostgreSQL
-- refuses to use it as an index condition below the tenant policy. The index
-- was read by tenant_id alone and the handle checked row by row: every
-- product of the store read for one product page (100 buffers on a
-- 100-product store, 10,000 on a big one), while the owner's identical
-- lookup with an explicit tenant filter reads 3 (issue #18: the RLS overhead
-- of the per-request product lookup, 1.19 quiet).
--
-- citext_eq is leakproof in fact: it lower-cases both arguments and compares
-- them; it has no side effects and raises no error that shows an argument.
-- Marking it so lets the planner use `handle = $1` as an index condition
-- under RLS; isolation is unchanged (the tenant policy still bounds the same
-- index scan). Only a superuser may mark a function LEAKPROOF: migrating as
-- a lesser owner (a managed database) skips it with a warning, and handle
-- lookups stay correct but scan the store. The mark is on an extension's
-- function, so a dump/restore does not carry it: re-run this statement after
-- a restore (the hot-query plan test catches its absence on a fresh
-- database).
do $$
begin
  if (select rolsuper from pg_roles where rolname = current_user) then
    alter function citext_eq(citext, citext) leakproof;
  else
    raise warning 'not a superuser: citext_eq stays non-leakproof, so handle lookups under RLS scan the store';
  end if;
end
$$;
