-- The variant ledger is paged newest-first by id (GET /api/admin/variants/:id/adjustments).
create index inventory_adjustments_variant_id_idx on inventory_adjustments (tenant_id, variant_id, id desc);
