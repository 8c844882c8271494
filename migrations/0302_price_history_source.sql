-- Price history names who changed each price (issues #12, #19): a pricing run,
-- a promotion (a pricing run where a hand-typed promotion set the price), the
-- product editor or the CSV import. Pricing records the last two from the
-- catalog's `catalog.prices_changed` event, keyed by the outbox id (run_key
-- `outbox:<id>`), so a redelivered event records nothing twice.
alter table price_history
  add column source text not null default 'pricing_run'
    check (source in ('pricing_run', 'promotion', 'manual', 'import'));
update price_history set source = 'promotion' where rule = 'promotion';
