-- The trial's product limit is 50, as the landing page's plan table promises
-- (src/web/platform/landing.tsx TRIAL_PLAN); this reverts 0071. Stores on a
-- platform without Stripe start on the unlimited developer plan instead.
update plans set product_limit = 50 where id = 'trial';
