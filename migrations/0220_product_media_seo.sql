-- Product images uploaded or imported into Storeloom's own image store
-- (src/lib/storage): storage_key is `<tenantId>/<imageId>.<ext>`; null for an
-- image that is only an external address. Deleting the row deletes the object
-- (the catalog's image service does both).
alter table product_images add column storage_key text;
alter table product_images add constraint product_images_storage_key_shape
  check (storage_key is null or storage_key ~ '^[0-9a-f-]{36}/[0-9a-f-]{36}\.(png|jpg|webp|gif)$');

-- Per-product SEO: the <title> and meta description of the product page
-- (null: the storefront derives them from the title and description).
alter table products add column seo_title text
  check (seo_title is null or length(seo_title) between 1 and 70);
alter table products add column seo_description text
  check (seo_description is null or length(seo_description) between 1 and 320);
