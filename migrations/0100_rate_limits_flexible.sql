-- Rate limiting moved to rate-limiter-flexible (src/lib/rate-limit.ts). Its
-- PostgreSQL store keeps `points` and an `expire` in epoch milliseconds per
-- key; counters are short-lived, so the old table is replaced, not converted.
drop table rate_limits;
create table rate_limits (
  key text primary key,
  points int not null default 0,
  expire bigint
);
grant select, insert, update, delete on rate_limits to storeloom_app, storeloom_platform;
