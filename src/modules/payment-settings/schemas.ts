/**
 * Payment settings (contract v2): manual payment (bank transfer, or cash on
 * delivery as its variant) with the instructions shoppers are given and the
 * days an unpaid order is held; whether Stripe card payments are connected
 * (read-only here: connecting is the payments module's onboarding).
 */
import { z } from '../../lib/http/openapi.js';

export const ZManualMethod = z.enum(['transfer', 'cash_on_delivery']);
export type ManualMethod = z.infer<typeof ZManualMethod>;

export const ZPaymentSettings = z
  .object({
    manual: z.object({
      enabled: z.boolean(),
      /** transfer: the shopper pays before shipping; cash_on_delivery: on delivery. */
      method: ZManualMethod,
      instructions: z.string(),
      holdDays: z.number().int(),
    }),
    stripe: z.object({ connected: z.boolean() }),
  })
  .openapi('PaymentSettings');
export type PaymentSettingsBody = z.infer<typeof ZPaymentSettings>;

export const ZUpdatePaymentSettings = z
  .object({
    manual: z
      .object({
        enabled: z.boolean().optional(),
        method: ZManualMethod.optional(),
        instructions: z.string().trim().max(2000, 'At most 2000 characters').optional(),
        holdDays: z.number().int().min(1, 'At least 1 day').max(60, 'At most 60 days').optional(),
      })
      .strict()
      .optional(),
    /** Accepted so the GET body can be sent back as is; connecting Stripe happens in its onboarding. */
    stripe: z.object({ connected: z.boolean() }).strict().optional(),
  })
  .strict()
  .openapi('UpdatePaymentSettings');
export type UpdatePaymentSettingsInput = z.infer<typeof ZUpdatePaymentSettings>;
