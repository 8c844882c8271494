-- #19: checkout reads, in ONE statement, the offers live on its lines and the ones that ended since the
-- shopper's quote (promotion-rules repository offerRowsAt). Both are ranges of (tenant, variant, ends_at);
-- the old partial index covered only active offers, so the ended half scanned the store's whole offer history.
create index promotion_offers_variant_end_idx on promotion_offers (tenant_id, variant_id, ends_at);
