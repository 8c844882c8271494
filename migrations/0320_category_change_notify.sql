-- Category writes now write `catalog.categories_changed` to the outbox (the
-- catalog's createCategory / updateCategory / deleteCategory), so the
-- storefront read cache can keep the category tree: the 0270 notice trigger
-- learns the topic. Payload "<tenant id>": a category's name, place or
-- existence changes the tree, its product counts and the products' category
-- names in lists (search_category), so the whole store's entries go stale.

drop trigger outbox_catalog_notify on outbox;
create trigger outbox_catalog_notify
  after insert on outbox
  for each row
  when (new.topic in ('product.created', 'product.updated', 'catalog.imported',
                      'catalog.prices_changed', 'catalog.categories_changed', 'stock.changed'))
  execute function storeloom_outbox_catalog_notify();
