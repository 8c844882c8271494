-- Order handling in the merchant admin (issue #12, point 2): fulfilment by
-- line (several shipments per order, each with carrier and tracking) and
-- refunds by line or amount with optional restock. Per-line counters live on
-- order_lines so the guards are single-row CHECKs:
--   0 <= fulfilled_quantity <= quantity
--   0 <= restocked_quantity <= refunded_quantity <= quantity
-- Shipments and refunds are their own tenant tables (tenant_id leads every
-- key; storeloom_protect() puts them behind forced RLS).

alter table orders
  add column fulfilment_status text not null default 'unfulfilled'
    check (fulfilment_status in ('unfulfilled', 'partial', 'fulfilled'));

alter table order_lines
  add column fulfilled_quantity int not null default 0,
  add column refunded_quantity int not null default 0,
  add column restocked_quantity int not null default 0,
  add constraint order_lines_fulfilled_range check (fulfilled_quantity between 0 and quantity),
  add constraint order_lines_refunded_range check (refunded_quantity between 0 and quantity),
  add constraint order_lines_restocked_range check (restocked_quantity between 0 and refunded_quantity);

-- Orders fulfilled before this migration shipped everything at once.
update orders set fulfilment_status = 'fulfilled' where status in ('fulfilled', 'completed') or fulfilled_at is not null;
update order_lines l set fulfilled_quantity = l.quantity
  from orders o
  where o.tenant_id = l.tenant_id and o.id = l.order_id and o.fulfilment_status = 'fulfilled';

create index orders_fulfilment_idx on orders (tenant_id, fulfilment_status, placed_at desc, id);
create index orders_placed_idx on orders (tenant_id, placed_at desc, id);

create table order_fulfilments (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  order_id uuid not null,
  carrier text check (carrier is null or length(carrier) between 1 and 100),
  tracking_number text check (tracking_number is null or length(tracking_number) between 1 and 200),
  tracking_url text check (tracking_url is null or length(tracking_url) between 1 and 2000),
  -- [{lineId, quantity}]: what this shipment carried.
  lines jsonb not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
);
create index order_fulfilments_order_idx on order_fulfilments (tenant_id, order_id, created_at);
select storeloom_protect('order_fulfilments');

create table order_refunds (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  order_id uuid not null,
  amount bigint not null check (amount > 0),
  currency char(3) not null,
  -- 'manual' for orders paid outside Storeloom; else the provider that refunded.
  provider text not null,
  provider_reference text,
  reason text check (reason is null or length(reason) <= 500),
  -- [{lineId, quantity, restock}]: the units refunded (empty for an amount-only refund).
  lines jsonb not null default '[]'::jsonb,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
);
create index order_refunds_order_idx on order_refunds (tenant_id, order_id, created_at);
select storeloom_protect('order_refunds');

-- The admin's audit-log page filters one store's entries by action and date.
create index audit_log_tenant_idx on audit_log (tenant_id, id desc);
