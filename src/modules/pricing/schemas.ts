/** Pricing admin API input schemas. Money: minor units; *Bp: basis points (10000 = 100%). */
import { z } from '../../lib/http/openapi.js';

const bp = (max: number) => z.number().int().min(0).max(max);
const ZDate = z.iso.datetime({ offset: true });
const ZUuid = z.uuid();

export const ZCostPlusParams = z.object({ markupBp: bp(100_000) }).strict();
export const ZSeasonalParams = z.object({ multiplierBp: bp(100_000).min(1) }).strict();
export const ZDemandParams = z
  .object({
    lowCoverDays: z.number().int().min(0).max(365),
    highCoverDays: z.number().int().min(1).max(3650),
    stepBp: bp(5_000).min(1),
    minBp: bp(100_000),
    maxBp: bp(100_000).min(1),
  })
  .strict()
  .refine((p) => p.lowCoverDays < p.highCoverDays, 'lowCoverDays must be below highCoverDays')
  .refine((p) => p.minBp <= p.maxBp, 'minBp must not exceed maxBp');

export const PARAMS_BY_KIND = {
  cost_plus: ZCostPlusParams,
  seasonal: ZSeasonalParams,
  demand: ZDemandParams,
} as const;

const ruleCommon = {
  name: z.string().trim().min(1).max(200),
  categoryId: ZUuid.nullable().optional(),
  startsAt: ZDate.nullable().optional(),
  endsAt: ZDate.nullable().optional(),
  active: z.boolean().optional(),
};

export const ZCreateRule = z
  .object({
    ...ruleCommon,
    kind: z.enum(['cost_plus', 'seasonal', 'demand']),
    params: z.record(z.string(), z.unknown()),
  })
  .strict()
  .openapi('CreatePriceRule');
export type CreateRuleInput = z.infer<typeof ZCreateRule>;

export const ZUpdateRule = z
  .object({
    name: ruleCommon.name.optional(),
    categoryId: ruleCommon.categoryId,
    startsAt: ruleCommon.startsAt,
    endsAt: ruleCommon.endsAt,
    active: ruleCommon.active,
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type UpdateRuleInput = z.infer<typeof ZUpdateRule>;

export const ZRule = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['cost_plus', 'seasonal', 'demand']),
    categoryId: z.string().nullable(),
    params: z.record(z.string(), z.unknown()),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('PriceRule');

export const ZCreatePromotion = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['percentage', 'fixed']),
    value: z.number().int().min(1).max(1_000_000_000),
    target: z.enum(['all', 'product', 'category']),
    targetId: ZUuid.nullable().optional(),
    priority: z.number().int().min(-1000).max(1000).optional(),
    stackable: z.boolean().optional(),
    startsAt: ZDate,
    endsAt: ZDate.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((p) => p.kind !== 'percentage' || p.value <= 10_000, {
    message: 'A percentage is at most 10000 bp',
    path: ['value'],
  })
  .refine((p) => (p.target === 'all') === (p.targetId == null), {
    message: 'targetId is required for product/category targets and absent for all',
    path: ['targetId'],
  })
  .refine((p) => !p.endsAt || p.endsAt > p.startsAt, {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type CreatePromotionInput = z.infer<typeof ZCreatePromotion>;

export const ZUpdatePromotion = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    value: z.number().int().min(1).max(1_000_000_000).optional(),
    priority: z.number().int().min(-1000).max(1000).optional(),
    stackable: z.boolean().optional(),
    startsAt: ZDate.optional(),
    endsAt: ZDate.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdatePromotionInput = z.infer<typeof ZUpdatePromotion>;

export const ZPromotionOut = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['percentage', 'fixed']),
    value: z.number().int(),
    target: z.enum(['all', 'product', 'category']),
    targetId: z.string().nullable(),
    priority: z.number().int(),
    stackable: z.boolean(),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('Promotion');

export const ZSettings = z
  .object({
    mode: z.enum(['apply', 'propose']),
    marginFloorBp: bp(100_000),
    maxStepBp: bp(10_000).min(1),
    velocityWindowDays: z.number().int().min(1).max(365),
  })
  .openapi('PricingSettings');
export type PricingSettings = z.infer<typeof ZSettings>;
export const ZUpdateSettings = ZSettings.partial().strict();

export const ZReason = z.object({
  rule: z.string(),
  ruleId: z.string().optional(),
  /** What the rule did, money written in the store currency; `amounts` holds that money in minor units. */
  effect: z.string(),
  amounts: z.record(z.string(), z.number().int()).optional(),
  before: z.number().int(),
  after: z.number().int(),
});

export const ZProposal = z
  .object({
    variantId: z.string(),
    sku: z.string(),
    oldPrice: z.number().int(),
    newPrice: z.number().int(),
    listPrice: z.number().int(),
    floor: z.number().int(),
    setBy: z.string(),
    reasons: z.array(ZReason),
  })
  .openapi('PriceProposal');
export type Proposal = z.infer<typeof ZProposal>;
