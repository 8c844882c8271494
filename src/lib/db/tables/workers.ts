/** Kysely row types for migrations/0060_workers.sql. Money is minor units; *_bp are basis points. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './platform.js';

type JsonCol<T> = ColumnType<T, string | undefined, string>;

export interface PricingSettingsTable {
  tenant_id: string;
  mode: ColumnType<'apply' | 'propose', 'apply' | 'propose' | undefined>;
  margin_floor_bp: Generated<number>;
  max_step_bp: Generated<number>;
  velocity_window_days: Generated<number>;
  updated_at: Timestamp;
}

export type PriceRuleKind = 'cost_plus' | 'seasonal' | 'demand';

export interface PriceRulesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  kind: PriceRuleKind;
  category_id: string | null;
  params: JsonCol<Record<string, unknown>>;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PromotionsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  kind: 'percentage' | 'fixed';
  value: number;
  target: 'all' | 'product' | 'category';
  target_id: string | null;
  priority: Generated<number>;
  stackable: Generated<boolean>;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface VariantListPricesTable {
  tenant_id: string;
  variant_id: string;
  list_price: number;
  base_price: number | null;
  updated_at: Timestamp;
}

export type PriceHistoryStatus = 'applied' | 'proposed' | 'superseded';

export interface PriceHistoryTable {
  tenant_id: string;
  id: Generated<number>;
  variant_id: string;
  run_key: string;
  old_price: number;
  new_price: number;
  list_price: number;
  rule: string;
  reasons: JsonCol<unknown[]>;
  status: PriceHistoryStatus;
  /** migrations/0302: who changed the price. */
  source: Generated<PriceHistorySource>;
  created_at: CreatedAt;
}

export type PriceHistorySource = 'pricing_run' | 'promotion' | 'manual' | 'import';

export interface RestockSettingsTable {
  tenant_id: string;
  service_level_bp: Generated<number>;
  cover_days: Generated<number>;
  history_days: Generated<number>;
  updated_at: Timestamp;
}

export interface SuppliersTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  email: string | null;
  lead_time_days: Generated<number>;
  moq: Generated<number>;
  pack_size: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface VariantSuppliersTable {
  tenant_id: string;
  variant_id: string;
  supplier_id: string;
  unit_cost: number;
  preferred: Generated<boolean>;
  lead_time_days: number | null;
  moq: number | null;
  pack_size: number | null;
}

export type PurchaseOrderStatus = 'draft' | 'ordered' | 'received' | 'cancelled';

export interface PurchaseOrdersTable {
  tenant_id: string;
  id: Generated<string>;
  supplier_id: string;
  status: ColumnType<PurchaseOrderStatus, PurchaseOrderStatus | undefined, PurchaseOrderStatus>;
  plan_key: string | null;
  total: Generated<number>;
  ordered_at: Timestamp | null;
  received_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  sent_to: string | null;
  note: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PurchaseOrderLinesTable {
  tenant_id: string;
  purchase_order_id: string;
  variant_id: string;
  quantity: number;
  unit_cost: number;
  received_quantity: Generated<number>;
}

export interface StockAlertsTable {
  tenant_id: string;
  id: Generated<string>;
  variant_id: string;
  sku: string;
  available: number;
  threshold: number;
  status: ColumnType<'open' | 'resolved', 'open' | 'resolved' | undefined>;
  created_at: CreatedAt;
  resolved_at: Timestamp | null;
  notified_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  snoozed_until: Timestamp | null;
}

export interface WebhookEndpointsTable {
  tenant_id: string;
  id: Generated<string>;
  url: string;
  secret: string;
  events: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  consecutive_failures: Generated<number>;
  disabled_at: Timestamp | null;
  disabled_reason: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  tenant_id: string;
  id: Generated<number>;
  endpoint_id: string;
  event_id: string;
  topic: string;
  payload: JsonCol<Record<string, unknown>>;
  status: ColumnType<'pending' | 'delivered' | 'failed', 'pending' | 'delivered' | 'failed' | undefined>;
  attempts: Generated<number>;
  response_status: number | null;
  last_error: string | null;
  created_at: CreatedAt;
  delivered_at: Timestamp | null;
  next_attempt_at: Timestamp | null;
}

export interface JobRunsTable {
  tenant_id: string;
  run_key: string;
  kind: string;
  result: JsonCol<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface WorkersTables {
  pricing_settings: PricingSettingsTable;
  price_rules: PriceRulesTable;
  promotions: PromotionsTable;
  variant_list_prices: VariantListPricesTable;
  price_history: PriceHistoryTable;
  restock_settings: RestockSettingsTable;
  suppliers: SuppliersTable;
  variant_suppliers: VariantSuppliersTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  stock_alerts: StockAlertsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  job_runs: JobRunsTable;
}
