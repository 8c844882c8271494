-- Merchant admin (issue #12, points 7–9): partial receiving of purchase
-- orders, per-link supplier terms, alert acknowledgement/snooze and batched
-- alert mail, webhook retries over days and endpoint disabling. Columns only
-- (every table here is already tenant-owned and behind storeloom_protect).

-- Restock: what has arrived per line; a PO part-received stays 'ordered'
-- until every line is complete (then 'received'). Sending records who got it.
alter table purchase_order_lines
  add column received_quantity int not null default 0 check (received_quantity >= 0),
  add constraint purchase_order_lines_received_le check (received_quantity <= quantity);
alter table purchase_orders
  add column sent_to citext,
  add column note text check (length(note) <= 2000);

-- Per variant–supplier terms; null → the supplier's own default.
alter table variant_suppliers
  add column lead_time_days int check (lead_time_days between 0 and 365),
  add column moq int check (moq >= 1),
  add column pack_size int check (pack_size >= 1);

-- Alerts: an opened alert waits (notified_at null) for the batched mail: one
-- alert → its own mail, several at once (a new store's template) → one digest.
alter table stock_alerts
  add column notified_at timestamptz,
  add column acknowledged_at timestamptz,
  add column snoozed_until timestamptz;
-- Alerts opened before this migration were mailed the old way.
update stock_alerts set notified_at = created_at;
create index stock_alerts_unnotified_idx on stock_alerts (tenant_id) where notified_at is null and status = 'open';

-- Webhooks: deliveries retried on a schedule over ~3 days; an endpoint
-- failing a whole schedule is disabled (and its owner told by email).
alter table webhook_deliveries
  add column next_attempt_at timestamptz;
alter table webhook_endpoints
  add column consecutive_failures int not null default 0,
  add column disabled_at timestamptz,
  add column disabled_reason text;
create index webhook_deliveries_endpoint_idx on webhook_deliveries (tenant_id, endpoint_id, created_at desc);
