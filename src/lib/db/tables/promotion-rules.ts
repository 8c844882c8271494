/** Kysely row types for migrations/0200_promotion_rules.sql. */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './platform.js';

export type PromotionRuleKind = 'clearance' | 'slow_mover' | 'low_stock' | 'bundle' | 'launch';
export type BudgetPeriod = 'days' | 'calendar_month';
export type ProposalStatus = 'open' | 'approved' | 'rejected' | 'superseded';
type Numeric = ColumnType<string, number | string, number | string>;

export interface PromotionSettingsTable {
  tenant_id: string;
  elasticity_bp: Generated<number>;
  margin_floor_bp: Generated<number>;
  max_stack: Generated<number>;
  updated_at: Timestamp;
}

export interface PromotionRulesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  kind: PromotionRuleKind;
  params: ColumnType<Record<string, number>, string, string>;
  starts_at: Date | null;
  ends_at: Date | null;
  duration_days: Generated<number>;
  budget_cap: number | null;
  budget_period_days: Generated<number>;
  /** migrations/0301: 'days' (budget_period_days) or 'calendar_month'. */
  budget_period: Generated<BudgetPeriod>;
  priority: Generated<number>;
  stackable: Generated<boolean>;
  auto_apply: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PromotionProposalsTable {
  tenant_id: string;
  id: Generated<string>;
  rule_id: string;
  run_key: string;
  variant_id: string;
  product_id: string;
  partner_product_id: string | null;
  discount_bp: number;
  list_price: number;
  promo_price: number;
  floor_price: number;
  explanation: string;
  duration_days: number;
  baseline_units: Numeric;
  baseline_revenue: number;
  expected_units: Numeric;
  expected_revenue: number;
  status: Generated<ProposalStatus>;
  created_at: Timestamp;
  decided_at: Date | null;
}

export interface PromotionOffersTable {
  tenant_id: string;
  id: Generated<string>;
  rule_id: string;
  proposal_id: string | null;
  variant_id: string;
  product_id: string;
  partner_product_id: string | null;
  discount_bp: number;
  floor_price: number;
  priority: Generated<number>;
  stackable: Generated<boolean>;
  starts_at: Date;
  ends_at: Date;
  status: Generated<'active' | 'ended'>;
  ended_reason: string | null;
  max_uses: number | null;
  uses: Generated<number>;
  units: Generated<number>;
  revenue: Generated<number>;
  discount_given: Generated<number>;
  cost_total: Generated<number>;
  baseline_units: ColumnType<string, number | string | undefined, number | string>;
  baseline_revenue: Generated<number>;
  created_at: Timestamp;
}

export interface PromotionBudgetsTable {
  tenant_id: string;
  rule_id: string;
  period_start: ColumnType<string, string, string>;
  spent: Generated<number>;
}

/** migrations/0300: a promotion the shopper saw that checkout could not honour (the order says why). */
export interface PromotionOrderNotesTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  variant_id: string;
  offer_id: string;
  rule_name: string;
  discount_bp: number;
  usual_price: number;
  reason: 'ended' | 'budget' | 'limit';
  ended_at: Date;
  created_at: Timestamp;
}

export interface PromotionRulesTables {
  promotion_settings: PromotionSettingsTable;
  promotion_rules: PromotionRulesTable;
  promotion_proposals: PromotionProposalsTable;
  promotion_offers: PromotionOffersTable;
  promotion_budgets: PromotionBudgetsTable;
  promotion_order_notes: PromotionOrderNotesTable;
}
