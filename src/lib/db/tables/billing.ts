/** Kysely row types for migrations/0070_billing.sql (plans, subscriptions, Stripe ledger, Connect, settlement). */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, Timestamp } from './platform.js';

export type SubscriptionStatus = 'trialing' | 'active' | 'past_due' | 'canceled';

export interface PlansTable {
  id: string;
  name: string;
  monthly_price: number;
  currency: Generated<string>;
  product_limit: number | null;
  staff_seats: number | null;
  transaction_fee_bp: number;
  custom_domain: boolean;
  dynamic_pricing: boolean;
  purchasable: boolean;
  position: Generated<number>;
}

export interface SubscriptionsTable {
  tenant_id: string;
  plan: string;
  status: ColumnType<SubscriptionStatus, SubscriptionStatus | undefined, SubscriptionStatus>;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  stripe_price_id: string | null;
  current_period_end: Timestamp | null;
  trial_ends_at: Timestamp | null;
  grace_ends_at: Timestamp | null;
  cancel_at_period_end: Generated<boolean>;
  last_event_created: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  account: string | null;
  event_created: number;
  payload: Json<Record<string, unknown>>;
  received_at: CreatedAt;
  processed_at: Timestamp | null;
  outcome: string | null;
  store_id: string | null;
}

export interface ConnectedAccountsTable {
  tenant_id: string;
  account_id: string;
  charges_enabled: Generated<boolean>;
  payouts_enabled: Generated<boolean>;
  details_submitted: Generated<boolean>;
  disabled_reason: string | null;
  last_event_created: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type StripePaymentStatus = 'requires_payment' | 'succeeded' | 'failed' | 'canceled';

export interface StripePaymentsTable {
  tenant_id: string;
  id: string;
  order_id: string;
  account_id: string;
  amount: number;
  application_fee: number;
  currency: string;
  status: ColumnType<StripePaymentStatus, StripePaymentStatus | undefined, StripePaymentStatus>;
  charge_id: string | null;
  amount_refunded: Generated<number>;
  disputed: Generated<boolean>;
  dispute_id: string | null;
  dispute_reason: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface StripeRefundsTable {
  tenant_id: string;
  id: string;
  order_id: string;
  payment_id: string;
  amount: number;
  restock: Generated<boolean>;
  actor_id: string | null;
  created_at: CreatedAt;
}

export interface PayoutsTable {
  tenant_id: string;
  id: string;
  account_id: string;
  currency: string;
  amount: number;
  gross: number;
  stripe_fees: number;
  platform_fees: number;
  refunds: number;
  adjustments: number;
  net: number;
  transaction_count: number;
  status: string;
  arrival_date: Timestamp;
  created_at: CreatedAt;
}

export interface BillingTables {
  plans: PlansTable;
  subscriptions: SubscriptionsTable;
  stripe_events: StripeEventsTable;
  connected_accounts: ConnectedAccountsTable;
  stripe_payments: StripePaymentsTable;
  stripe_refunds: StripeRefundsTable;
  payouts: PayoutsTable;
  subscription_changes: SubscriptionChangesTable;
  purged_subscription_changes: PurgedSubscriptionChangesTable;
  purged_store_gmv_months: PurgedStoreGmvMonthsTable;
}

/** migrations/0260_subscription_changes.sql: one row per change of a store's plan or status (a trigger writes it). */
export interface SubscriptionChangesTable {
  tenant_id: string;
  id: Generated<number>;
  changed_at: CreatedAt;
  plan: string;
  status: SubscriptionStatus;
  monthly_price: number;
  currency: string;
}

/** migrations/0330_revenue_archive.sql: a purged store's subscription changes (platform table, no tenant_id). */
export interface PurgedSubscriptionChangesTable {
  store_id: string;
  id: number;
  changed_at: Timestamp;
  plan: string;
  status: SubscriptionStatus;
  monthly_price: number;
  currency: string;
}

/** migrations/0330_revenue_archive.sql: a purged store's paid orders summed per month (platform table). */
export interface PurgedStoreGmvMonthsTable {
  store_id: string;
  month: string;
  currency: string;
  orders: number;
  gross: number;
  refunds: number;
  platform_fee: number;
  manual_gross: number;
}
