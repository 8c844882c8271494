-- Customer care (issue #14): reviews and helpful votes, support tickets with
-- their thread, canned replies and satisfaction answers, return requests and
-- their lines, and one settings row per store. Every table is tenant-owned:
-- tenant_id leads every key and FK; storeloom_protect() puts it behind forced RLS.

create table care_settings (
  tenant_id uuid not null references tenants (id) on delete cascade,
  review_moderation text not null default 'publish' check (review_moderation in ('publish', 'hold')),
  review_requires_purchase boolean not null default false,
  block_list text[] not null default '{}' check (cardinality(block_list) <= 200),
  review_request_days int not null default 7 check (review_request_days between 0 and 90),
  return_window_days int not null default 30 check (return_window_days between 0 and 365),
  first_response_hours int not null default 24 check (first_response_hours between 1 and 720),
  resolution_hours int not null default 72 check (resolution_hours between 1 and 2160),
  auto_close_days int not null default 7 check (auto_close_days between 1 and 90),
  updated_at timestamptz not null default now(),
  primary key (tenant_id)
);
select storeloom_protect('care_settings');

-- One review per shopper and product. `verified` is computed once, at posting,
-- from a paid order line of that product. Rejected reviews keep the slot.
-- customer_id is null only for a store template's sample reviews.
create table reviews (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  product_id uuid not null,
  customer_id uuid,
  author text not null check (length(author) between 1 and 80),
  rating smallint not null check (rating between 1 and 5),
  title text check (length(title) <= 150),
  body text not null check (length(body) between 1 and 5000),
  verified boolean not null default false,
  status text not null check (status in ('pending', 'published', 'rejected')),
  held_reason text,
  helpful_count int not null default 0 check (helpful_count >= 0),
  reply_body text check (length(reply_body) <= 5000),
  replied_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, product_id, customer_id),
  foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade,
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
create index reviews_product_new_idx on reviews (tenant_id, product_id, created_at desc, id) where status = 'published';
create index reviews_product_helpful_idx on reviews (tenant_id, product_id, helpful_count desc, created_at desc, id) where status = 'published';
create index reviews_product_rating_idx on reviews (tenant_id, product_id, rating desc, created_at desc, id) where status = 'published';
create index reviews_status_idx on reviews (tenant_id, status, created_at desc);
select storeloom_protect('reviews');

create table review_votes (
  tenant_id uuid not null,
  review_id uuid not null,
  customer_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, review_id, customer_id),
  foreign key (tenant_id, review_id) references reviews (tenant_id, id) on delete cascade,
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
select storeloom_protect('review_votes');

-- Per-store sequence numbers for tickets and returns (shown to shoppers).
create table care_counters (
  tenant_id uuid not null references tenants (id) on delete cascade,
  kind text not null check (kind in ('ticket', 'return')),
  last_number int not null default 0,
  primary key (tenant_id, kind)
);
select storeloom_protect('care_counters');

-- A guest's ticket waits (confirmed_at null) until its e-mail is confirmed by link.
create table tickets (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  number int not null,
  customer_id uuid,
  email citext not null,
  subject text not null check (length(subject) between 1 and 200),
  status text not null default 'open' check (status in ('open', 'pending', 'resolved', 'closed')),
  order_id uuid,
  assignee_id uuid references users (id) on delete set null,
  confirmed_at timestamptz,
  first_response_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, number),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete set null (customer_id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete set null (order_id)
);
create index tickets_status_idx on tickets (tenant_id, status, updated_at desc);
create index tickets_customer_idx on tickets (tenant_id, customer_id, updated_at desc) where customer_id is not null;
select storeloom_protect('tickets');

-- kind 'note' is internal: never shown or sent to the shopper.
create table ticket_messages (
  tenant_id uuid not null,
  id bigint generated always as identity,
  ticket_id uuid not null,
  kind text not null check (kind in ('customer', 'staff', 'note')),
  author_id uuid,
  body text not null check (length(body) between 1 and 10000),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
);
create index ticket_messages_ticket_idx on ticket_messages (tenant_id, ticket_id, id);
select storeloom_protect('ticket_messages');
grant usage on sequence ticket_messages_id_seq to storeloom_app, storeloom_platform;

create table canned_replies (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  title text not null check (length(title) between 1 and 100),
  body text not null check (length(body) between 1 and 5000),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
select storeloom_protect('canned_replies');

-- One satisfaction answer per ticket (the survey link is sent when it is resolved).
create table csat_responses (
  tenant_id uuid not null,
  ticket_id uuid not null,
  rating smallint not null check (rating between 1 and 5),
  comment text check (length(comment) <= 2000),
  created_at timestamptz not null default now(),
  primary key (tenant_id, ticket_id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
);
select storeloom_protect('csat_responses');

create table returns (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  number int not null,
  order_id uuid not null,
  customer_id uuid,
  status text not null default 'requested'
    check (status in ('requested', 'approved', 'rejected', 'received', 'refunded')),
  comment text check (length(comment) <= 2000),
  merchant_message text check (length(merchant_message) <= 2000),
  restocked boolean not null default false,
  refunded_amount bigint not null default 0 check (refunded_amount >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, number),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete set null (customer_id)
);
create index returns_status_idx on returns (tenant_id, status, created_at desc);
create index returns_order_idx on returns (tenant_id, order_id);
select storeloom_protect('returns');

-- `amount` is the most this line may refund: what was paid for these units.
create table return_lines (
  tenant_id uuid not null,
  return_id uuid not null,
  order_line_id uuid not null,
  order_id uuid not null,
  variant_id uuid,
  title text not null default '' check (length(title) <= 500),
  quantity int not null check (quantity > 0),
  reason text not null check (reason in ('damaged', 'wrong_item', 'not_as_described', 'too_small', 'too_large', 'changed_mind', 'other')),
  amount bigint not null check (amount >= 0),
  primary key (tenant_id, return_id, order_line_id),
  foreign key (tenant_id, return_id) references returns (tenant_id, id) on delete cascade,
  foreign key (tenant_id, order_id, order_line_id) references order_lines (tenant_id, order_id, id) on delete cascade
);
create index return_lines_order_line_idx on return_lines (tenant_id, order_line_id);
select storeloom_protect('return_lines');
