-- The Stripe event ledger is pruned by the daily billing job: processed events
-- older than the retention (90 days; Stripe retries a delivery for 3 days and
-- lists events for 30) are deleted through the platform role.
grant delete on stripe_events to storeloom_platform;
create index stripe_events_processed_idx on stripe_events (received_at) where processed_at is not null;
