/** Cart API shapes. Money is integer minor units of the cart's currency. */
import { z } from '../../lib/http/openapi.js';

/** Per line: 1..10000 whole units (the database CHECK has the same bound). */
export const MAX_LINE_QUANTITY = 10_000;
const quantity = z.number().int().min(1).max(MAX_LINE_QUANTITY);

export const ZAddItem = z.object({ variantId: z.uuid(), quantity }).strict().openapi('AddCartItem');
export type AddItemInput = z.infer<typeof ZAddItem>;

export const ZSetItemQuantity = z.object({ quantity }).strict().openapi('SetCartItemQuantity');

export const ZCartParam = z.object({ cartId: z.uuid() });
export const ZCartItemParam = z.object({ cartId: z.uuid(), variantId: z.uuid() });

export const ZCartItem = z.object({
  variantId: z.string(),
  productId: z.string(),
  productHandle: z.string(),
  title: z.string(),
  variantTitle: z.string(),
  sku: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  lineTotal: z.number(),
  available: z.number(),
});

export const ZCart = z
  .object({
    id: z.string(),
    status: z.enum(['active', 'converted', 'merged']),
    currency: z.string(),
    items: z.array(ZCartItem),
    itemCount: z.number(),
    subtotal: z.number(),
  })
  .openapi('Cart');
export type Cart = z.infer<typeof ZCart>;
