/**
 * Catalog CSV format, shared by export and import: one row per variant.
 * Product columns (title, description, status, category, tags, images,
 * options) are read from the first row of a product; later rows with the same
 * `handle` add variants and may leave them blank. Money columns are integer
 * minor units ("1999" = 19.99 in a 2-decimal currency); a decimal point is
 * rejected, never rounded. Lists (tags, image_urls, image_alts) are separated
 * by `|`. Cells that a spreadsheet would run as a formula are exported with a
 * leading apostrophe, which import removes.
 */
export const CSV_COLUMNS = [
  'handle',
  'title',
  'description',
  'status',
  'category',
  'tags',
  'image_urls',
  'image_alts',
  'sku',
  'variant_title',
  'option1_name',
  'option1_value',
  'option2_name',
  'option2_value',
  'option3_name',
  'option3_value',
  'price',
  'compare_at_price',
  'cost',
  'stock',
  'low_stock_threshold',
] as const;
export type Column = (typeof CSV_COLUMNS)[number];
export const REQUIRED: Column[] = ['title', 'sku', 'price'];

/** Import limits: a file larger than this is refused as a whole. */
export const MAX_IMPORT_ROWS = 5_000;

export const splitList = (s: string) =>
  s
    .split('|')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
