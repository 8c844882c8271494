-- Shopper privacy (issue #17): when a customer's data is erased (at their
-- request, or by the merchant for them) the row stays so orders keep their
-- link for the books, but its personal data is gone; anonymised_at says when.
alter table customers add column anonymised_at timestamptz;
