-- The price history lists a variant's changes newest first by when they were
-- made (created_at; an edit's row carries its catalog event's changedAt), not
-- by insert order: the pricing worker may record two events in either order.
create index price_history_variant_time_idx on price_history (tenant_id, variant_id, created_at desc, id desc);
