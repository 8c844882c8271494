-- Promotions a shopper saw but checkout could not honour (issue #19): a
-- promotion that ended, ran out of budget or reached its usage limit between
-- the shopper's quote and the order. Written by checkout in the order's
-- transaction so the confirmation page and e-mail say why a line was charged
-- at its usual price. Tenant-owned, behind forced RLS (storeloom_protect).
create table promotion_order_notes (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  order_id uuid not null,
  variant_id uuid not null,
  offer_id uuid not null,
  rule_name text not null,
  discount_bp int not null check (discount_bp between 1 and 9500),
  usual_price bigint not null check (usual_price >= 0),
  reason text not null check (reason in ('ended', 'budget', 'limit')),
  ended_at timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index promotion_order_notes_order_idx on promotion_order_notes (tenant_id, order_id);
select storeloom_protect('promotion_order_notes');
