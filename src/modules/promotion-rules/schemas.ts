/**
 * Promotion rules' API schemas. Money: minor units; *Bp: basis points
 * (10000 = 100%). Each kind's params are checked by PARAMS_BY_KIND.
 */
import { z } from '../../lib/http/openapi.js';

const bp = (min: number, max: number) => z.number().int().min(min).max(max);
const days = (max: number) => z.number().int().min(1).max(max);
const ZDate = z.iso.datetime({ offset: true });

export const PARAMS_BY_KIND = {
  clearance: z
    .object({ coverDays: days(3650), stepBp: bp(1, 9000), stepEveryDays: days(365), maxDepthBp: bp(1, 9000) })
    .strict()
    .refine((p) => p.stepBp <= p.maxDepthBp, { message: 'The step cannot be deeper than the maximum depth' }),
  slow_mover: z.object({ idleDays: days(3650), discountBp: bp(1, 9000) }).strict(),
  low_stock: z.object({ threshold: z.number().int().min(1).max(100_000) }).strict(),
  bundle: z.object({ discountBp: bp(1, 9000), minShoppers: z.number().int().min(1).max(10_000) }).strict(),
  launch: z.object({ days: days(365), discountBp: bp(1, 9000) }).strict(),
} as const;

export const RULE_KINDS = ['clearance', 'slow_mover', 'low_stock', 'bundle', 'launch'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

const common = {
  name: z.string().trim().min(1).max(200),
  startsAt: ZDate.nullable().optional(),
  endsAt: ZDate.nullable().optional(),
  durationDays: days(365).optional(),
  budgetCap: z.number().int().min(0).max(1e12).nullable().optional(),
  budgetPeriodDays: days(366).optional(),
  /** 'days' (the default): periods of budgetPeriodDays; 'calendar_month': each UTC calendar month. */
  budgetPeriod: z.enum(['days', 'calendar_month']).optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  stackable: z.boolean().optional(),
  autoApply: z.boolean().optional(),
  active: z.boolean().optional(),
};

const ZRuleFields = z.object({
  ...common,
  kind: z.enum(RULE_KINDS),
  params: z.record(z.string(), z.number()),
});

export const ZCreatePromotionRule = ZRuleFields.strict().openapi('CreatePromotionRule');
export type CreatePromotionRuleInput = z.infer<typeof ZCreatePromotionRule>;

/** An update changes any field but the kind (a rule's kind is fixed once made). */
export const ZUpdatePromotionRule = ZRuleFields.omit({ kind: true })
  .partial()
  .strict()
  .openapi('UpdatePromotionRule');
export type UpdatePromotionRuleInput = z.infer<typeof ZUpdatePromotionRule>;

export const ZPromotionRule = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(RULE_KINDS),
    params: z.record(z.string(), z.number()),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    durationDays: z.number(),
    budgetCap: z.number().nullable(),
    budgetPeriodDays: z.number(),
    budgetPeriod: z.enum(['days', 'calendar_month']),
    priority: z.number(),
    stackable: z.boolean(),
    autoApply: z.boolean(),
    active: z.boolean(),
  })
  .openapi('PromotionRule');
export type PromotionRuleOut = z.infer<typeof ZPromotionRule>;

/** What a proposal and a promotion (offer) both name: the rule and the variant it is on. */
const ruleOnVariant = {
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  variantId: z.string(),
  productId: z.string(),
  sku: z.string(),
  productTitle: z.string(),
};

export const ZProposal = z
  .object({
    ...ruleOnVariant,
    partnerProductId: z.string().nullable(),
    discountBp: z.number(),
    listPrice: z.number(),
    promoPrice: z.number(),
    floorPrice: z.number(),
    explanation: z.string(),
    durationDays: z.number(),
    baselineUnits: z.number(),
    baselineRevenue: z.number(),
    expectedUnits: z.number(),
    expectedRevenue: z.number(),
    status: z.enum(['open', 'approved', 'rejected', 'superseded']),
    createdAt: z.string(),
  })
  .openapi('PromotionProposal');
export type ProposalOut = z.infer<typeof ZProposal>;

export const ZApproveProposal = z
  .object({ discountBp: bp(1, 9000).optional(), durationDays: days(365).optional() })
  .strict()
  .openapi('ApprovePromotionProposal');
export type ApproveProposalInput = z.infer<typeof ZApproveProposal>;

export const ZOffer = z
  .object({
    ...ruleOnVariant,
    discountBp: z.number(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.enum(['active', 'ended']),
    endedReason: z.string().nullable(),
    units: z.number(),
    revenue: z.number(),
    discountGiven: z.number(),
    margin: z.number(),
    baselineUnits: z.number(),
    baselineRevenue: z.number(),
  })
  .openapi('PromotionOffer');
export type OfferOut = z.infer<typeof ZOffer>;

export const ZPromotionSettings = z
  .object({
    elasticityBp: z.number().int().min(0).max(100_000),
    marginFloorBp: z.number().int().min(0).max(100_000),
    maxStack: z.number().int().min(1).max(5),
  })
  .openapi('PromotionSettings');
export type PromotionSettings = z.infer<typeof ZPromotionSettings>;
export const ZUpdatePromotionSettings = ZPromotionSettings.partial().strict();
