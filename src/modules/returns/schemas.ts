/** Zod schemas of the returns' inputs and outputs (store and admin API). */
import { z } from '../../lib/http/openapi.js';
import { careText } from '../reviews/schemas.js';
import { RETURN_REASONS } from './repository.js';

export const ZReturnStatus = z.enum(['requested', 'approved', 'rejected', 'received', 'refunded']);

export const ZRequestReturn = z
  .object({
    lines: z
      .array(
        z
          .object({
            orderLineId: z.uuid('Not a line of this order'),
            quantity: z.number().int().min(1, 'At least 1').max(10_000),
            reason: z.enum(RETURN_REASONS, 'Choose a reason from the list'),
          })
          .strict(),
      )
      .min(1, 'Choose at least one item to return')
      .max(100),
    comment: careText(2000).optional(),
  })
  .strict()
  .openapi('RequestReturn');
export type RequestReturnInput = z.infer<typeof ZRequestReturn>;

export const ZReturn = z
  .object({
    id: z.string(),
    number: z.number().int(),
    orderId: z.string(),
    status: ZReturnStatus,
    comment: z.string().nullable(),
    merchantMessage: z.string().nullable(),
    restocked: z.boolean(),
    refundable: z.number().int(),
    refunded: z.number().int(),
    createdAt: z.string(),
    lines: z.array(
      z.object({
        orderLineId: z.string(),
        title: z.string(),
        quantity: z.number().int(),
        reason: z.enum(RETURN_REASONS),
        amount: z.number().int(),
      }),
    ),
  })
  .openapi('Return');
export type ReturnView = z.infer<typeof ZReturn>;

export const ZMessage = z.object({ message: careText(2000).optional() }).strict();
export const ZReceive = z.object({ restock: z.boolean() }).strict();
export const ZRefund = z.object({ amount: z.number().int().min(1, 'At least 1').optional() }).strict();
