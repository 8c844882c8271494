-- Development mailbox: without SMTP_URL the email worker stores messages here
-- and the apex shows them at /dev/mail (development and test only).
-- Platform-level (mail for every store lands here); `source_key` is
-- `<tenant id>:<outbox id>`, so a redelivered job stores a message once.
create table dev_mailbox (
  id bigint generated always as identity primary key,
  source_key text not null unique,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  created_at timestamptz not null default now()
);
create index dev_mailbox_to_idx on dev_mailbox (to_address, id desc);
grant select, insert, delete on dev_mailbox to storeloom_app, storeloom_platform;
grant usage on sequence dev_mailbox_id_seq to storeloom_app, storeloom_platform;
