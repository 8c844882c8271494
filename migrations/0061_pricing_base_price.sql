-- The merchant's own price when dynamic pricing first saw the variant: the
-- anchor of the demand band when no cost-plus rule sets a target, so repeated
-- demand steps cannot ratchet a price without limit.
alter table variant_list_prices add column base_price bigint check (base_price >= 0);
