-- Promotion rules' budget period chosen by the merchant (issue #19): a rolling
-- number of days (budget_period_days, as before) or the calendar month (UTC).
-- Checkout claims the budget in the period holding the order's moment.
alter table promotion_rules
  add column budget_period text not null default 'days'
    check (budget_period in ('days', 'calendar_month'));
