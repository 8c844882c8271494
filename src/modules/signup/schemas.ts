/** Signup input and output schemas (zod, strict) for POST /api/signup and the handle check. */
import { z } from '../../lib/http/openapi.js';

export const ZSignup = z
  .object({
    email: z.string().trim().max(320).pipe(z.email('A valid email address')),
    password: z.string().min(1).max(1000),
    storeName: z.string().trim().min(1, 'Give your store a name').max(200),
    handle: z.string().trim().min(1).max(100).openapi({ example: 'acme' }),
    template: z.string().trim().min(1).max(40).optional().openapi({ example: 'apparel' }),
  })
  .strict()
  .openapi('Signup');
export type SignupInput = z.infer<typeof ZSignup>;

export const ZCreateStore = z
  .object({
    storeName: z.string().trim().min(1, 'Give your store a name').max(200),
    handle: z.string().trim().min(1).max(100),
    template: z.string().trim().min(1).max(40).optional(),
  })
  .strict()
  .openapi('CreateStore');
export type CreateStoreInput = z.infer<typeof ZCreateStore>;

export const ZCreateStoreResult = z
  .object({
    store: z.object({
      id: z.uuid(),
      handle: z.string(),
      name: z.string(),
      url: z.string(),
      currency: z.string(),
    }),
    merchant: z.object({ id: z.uuid(), email: z.string() }),
  })
  .openapi('CreateStoreResult');

export const ZSignupResult = z
  .object({
    store: z.object({
      id: z.uuid(),
      handle: z.string(),
      name: z.string(),
      url: z.string(),
      currency: z.string(),
    }),
    merchant: z.object({ id: z.uuid(), email: z.string() }),
    accessToken: z.string(),
    expiresIn: z.number().int(),
  })
  .openapi('SignupResult');

export const ZHandleQuery = z.object({ handle: z.string().max(200) }).strict();

export const ZHandleAvailability = z
  .object({
    handle: z.string(),
    available: z.boolean(),
    reason: z
      .enum(['too_short', 'too_long', 'invalid_characters', 'bad_dash', 'reserved', 'taken'])
      .optional(),
    message: z.string().optional(),
  })
  .openapi('HandleAvailability');
export type HandleAvailability = z.infer<typeof ZHandleAvailability>;

export const ZTemplateSummary = z
  .object({
    name: z.string(),
    title: z.string(),
    description: z.string(),
    currency: z.string(),
    productCount: z.number().int(),
    colors: z.record(z.string(), z.string()),
    previewImages: z.array(z.string()),
  })
  .openapi('TemplateSummary');
export type TemplateSummary = z.infer<typeof ZTemplateSummary>;
