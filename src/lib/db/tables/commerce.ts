/** Kysely row types for migrations/0002_commerce.sql. Money columns are integer minor units. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, Timestamp } from './platform.js';

export interface CustomersTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  password_hash: string | null;
  name: string | null;
  email_verified_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CategoriesTable {
  tenant_id: string;
  id: Generated<string>;
  parent_id: string | null;
  handle: string;
  name: string;
  description: string | null;
  position: Generated<number>;
  created_at: CreatedAt;
}

export type ProductStatus = 'draft' | 'active' | 'archived';
export interface ProductOption {
  name: string;
  values: string[];
}

export interface ProductsTable {
  tenant_id: string;
  id: Generated<string>;
  handle: string;
  title: string;
  description: Generated<string>;
  category_id: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  status: ColumnType<ProductStatus, ProductStatus | undefined, ProductStatus>;
  options: ColumnType<ProductOption[], string | undefined, string>;
  min_price: Generated<number>;
  max_price: Generated<number>;
  in_stock: Generated<boolean>;
  search_category: Generated<string>;
  /** Listing card fields kept by triggers (0080): cheapest variant's compare-at, first image. */
  card_compare_at_price: ColumnType<number | null, never, never>;
  card_image_url: ColumnType<string | null, never, never>;
  card_image_alt: ColumnType<string | null, never, never>;
  search: ColumnType<string, never, never>;
  /** Product page <title> / meta description (0220); null: derived from title and description. */
  seo_title: ColumnType<string | null, string | null | undefined, string | null>;
  seo_description: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ProductImagesTable {
  tenant_id: string;
  id: Generated<string>;
  product_id: string;
  url: string;
  alt: Generated<string>;
  position: Generated<number>;
  /** `<tenantId>/<imageId>.<ext>` in the image store (0220); null for an external address. */
  storage_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface VariantsTable {
  tenant_id: string;
  id: Generated<string>;
  product_id: string;
  sku: string;
  title: Generated<string>;
  options: ColumnType<Record<string, string>, string | undefined, string>;
  price: number;
  compare_at_price: number | null;
  cost: number | null;
  position: Generated<number>;
  stock: Generated<number>;
  reserved: Generated<number>;
  low_stock_threshold: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type AdjustmentReason =
  | 'sale'
  | 'restock'
  | 'correction'
  | 'return'
  | 'reservation'
  | 'reservation_release'
  | 'initial'
  | 'purchase_order'
  | 'damage';

export interface InventoryAdjustmentsTable {
  tenant_id: string;
  id: Generated<number>;
  variant_id: string;
  delta: number;
  reserved_delta: Generated<number>;
  reason: AdjustmentReason;
  note: string | null;
  actor_type: Generated<string>;
  actor_id: string | null;
  reference: string | null;
  stock_after: number;
  reserved_after: number;
  created_at: CreatedAt;
}

export interface CartsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string | null;
  status: ColumnType<'active' | 'converted' | 'merged', 'active' | 'converted' | 'merged' | undefined>;
  currency: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CartItemsTable {
  tenant_id: string;
  cart_id: string;
  variant_id: string;
  quantity: number;
  created_at: CreatedAt;
}

export interface DiscountCodesTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  kind: 'percentage' | 'fixed';
  value: number;
  min_subtotal: Generated<number>;
  usage_limit: number | null;
  used_count: Generated<number>;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface ShippingRatesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  amount: number;
  free_above: number | null;
  countries: ColumnType<string[], string[] | undefined, string[]>;
  position: Generated<number>;
  active: Generated<boolean>;
}

export interface TaxRatesTable {
  tenant_id: string;
  country: string;
  /** '' = the whole country; else a state/province code (e.g. 'CA', 'ON'). */
  region: Generated<string>;
  rate_bp: number;
  inclusive: Generated<boolean>;
}

export interface OrderCountersTable {
  tenant_id: string;
  next_number: Generated<number>;
}

export type OrderStatus =
  | 'pending_payment'
  | 'paid'
  | 'fulfilled'
  | 'completed'
  | 'cancelled'
  | 'partially_refunded'
  | 'refunded';

export interface ShippingAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface OrdersTable {
  tenant_id: string;
  id: Generated<string>;
  number: number;
  customer_id: string | null;
  cart_id: string | null;
  email: string;
  status: ColumnType<OrderStatus, OrderStatus | undefined, OrderStatus>;
  currency: string;
  subtotal: number;
  discount_total: Generated<number>;
  shipping_total: Generated<number>;
  tax_total: Generated<number>;
  tax_inclusive: Generated<boolean>;
  total: number;
  refunded_total: Generated<number>;
  discount_code: string | null;
  shipping_address: Json<ShippingAddress>;
  shipping_method: string | null;
  payment_provider: Generated<string>;
  payment_reference: string | null;
  tracking_number: string | null;
  reservation_expires_at: Timestamp | null;
  placed_at: CreatedAt;
  paid_at: Timestamp | null;
  fulfilled_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  updated_at: Timestamp;
  fulfilment_status: ColumnType<FulfilmentStatus, FulfilmentStatus | undefined, FulfilmentStatus>;
}

export type FulfilmentStatus = 'unfulfilled' | 'partial' | 'fulfilled';

export interface OrderLinesTable {
  tenant_id: string;
  order_id: string;
  id: Generated<string>;
  variant_id: string | null;
  product_id: string | null;
  sku: string;
  title: string;
  quantity: number;
  unit_price: number;
  total: number;
  cost: number | null;
  fulfilled_quantity: Generated<number>;
  refunded_quantity: Generated<number>;
  restocked_quantity: Generated<number>;
}

export interface ReservationsTable {
  tenant_id: string;
  order_id: string;
  variant_id: string;
  quantity: number;
  expires_at: Timestamp;
  status: ColumnType<'held' | 'consumed' | 'released', 'held' | 'consumed' | 'released' | undefined>;
  created_at: CreatedAt;
}

export interface OrderEventsTable {
  tenant_id: string;
  id: Generated<number>;
  order_id: string;
  type: string;
  message: Generated<string>;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  actor_type: Generated<string>;
  actor_id: string | null;
  created_at: CreatedAt;
}

export interface CommerceTables {
  customers: CustomersTable;
  categories: CategoriesTable;
  products: ProductsTable;
  product_images: ProductImagesTable;
  variants: VariantsTable;
  inventory_adjustments: InventoryAdjustmentsTable;
  carts: CartsTable;
  cart_items: CartItemsTable;
  discount_codes: DiscountCodesTable;
  shipping_rates: ShippingRatesTable;
  tax_rates: TaxRatesTable;
  order_counters: OrderCountersTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  reservations: ReservationsTable;
  order_events: OrderEventsTable;
}
