-- The trial gives the full catalogue (no product limit) so a merchant can
-- import their store before choosing a plan; seats and fees stay as in 0070.
update plans set product_limit = null where id = 'trial';
