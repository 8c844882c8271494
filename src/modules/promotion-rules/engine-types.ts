/**
 * Promotion rules' pure inputs and outputs (./engine.ts proposes,
 * ./engine-offers.ts prices a line under live promotions). Money is integer
 * minor units; percentages are basis points (bp, 10000 = 100%).
 */
import type { PromotionRuleKind } from '../../lib/db/tables/promotion-rules.js';

export type { PromotionRuleKind };

export interface ClearanceParams {
  /** Days of cover above which a variant is overstocked. */
  coverDays: number;
  /** Discount added per step. */
  stepBp: number;
  /** A new step after this many days of the previous one (the worker steps up when it ends). */
  stepEveryDays: number;
  /** The deepest discount ever proposed. */
  maxDepthBp: number;
}
export interface SlowMoverParams {
  idleDays: number;
  discountBp: number;
}
export interface LowStockParams {
  threshold: number;
}
export interface BundleParams {
  discountBp: number;
  /** Shoppers who bought both, at least. */
  minShoppers: number;
}
export interface LaunchParams {
  days: number;
  discountBp: number;
}

export type RuleParams = ClearanceParams | SlowMoverParams | LowStockParams | BundleParams | LaunchParams;

export interface PromoRule {
  id: string;
  name: string;
  kind: PromotionRuleKind;
  params: Record<string, number>;
  startsAt: Date | null;
  endsAt: Date | null;
  durationDays: number;
  budgetCap: number | null;
  budgetPeriodDays: number;
  /** 'days': periods of budgetPeriodDays days; 'calendar_month': each UTC calendar month. */
  budgetPeriod: 'days' | 'calendar_month';
  priority: number;
  stackable: boolean;
  autoApply: boolean;
  active: boolean;
}

export interface PromoPolicy {
  marginFloorBp: number;
  /** Price elasticity ×10000: units grow by elasticity × the discount's fraction. */
  elasticityBp: number;
  maxStack: number;
}

/** What the proposer knows about one variant. */
export interface PromoFacts {
  variantId: string;
  productId: string;
  sku: string;
  cost: number | null;
  /** The price shoppers pay today (a hand-typed promotion may already be in it). */
  price: number;
  /** The pre-promotion price (the pricing engine's list price; else the price). */
  listPrice: number;
  available: number;
  unitsSold: number;
  windowDays: number;
  /**
   * Mean daily demand from the restock forecaster (the planner's forecast);
   * null or absent when it has none (short history, no sales): the proposer
   * then falls back to units sold over the window and says so.
   */
  forecastPerDay?: number | null;
  lastSaleAt: Date | null;
  productCreatedAt: Date;
  /** Offers this rule already made on this variant (the clearance step so far). */
  priorSteps: number;
  /** True when one of this rule's offers is live on it now. */
  liveFromRule: boolean;
}

export interface BundlePair {
  productId: string;
  partnerProductId: string;
  partnerTitle: string;
  shoppers: number;
}

export interface Proposal {
  ruleId: string;
  variantId: string;
  productId: string;
  partnerProductId: string | null;
  discountBp: number;
  listPrice: number;
  promoPrice: number;
  floorPrice: number;
  explanation: string;
  durationDays: number;
  baselineUnits: number;
  baselineRevenue: number;
  expectedUnits: number;
  expectedRevenue: number;
}

/** A live promotion on one variant, as checkout and the storefront price it. */
export interface LiveOffer {
  id: string;
  ruleId: string;
  variantId: string;
  partnerProductId: string | null;
  discountBp: number;
  floorPrice: number;
  priority: number;
  stackable: boolean;
  startsAt: Date;
  endsAt: Date;
  maxUses: number | null;
  uses: number;
}
