/** Request/response schemas of the merchant auth API (apex). */
import { z, zText } from '../../lib/http/openapi.js';

export const ZLogin = z
  .object({ email: zText().trim().min(3).max(320), password: z.string().min(1).max(1000) })
  .strict()
  .openapi('LoginInput');

export const ZLoginResult = z
  .object({
    accessToken: z.string(),
    expiresIn: z.number().int(),
    merchant: z.object({ id: z.string(), email: z.string(), platformAdmin: z.boolean() }),
    stores: z.array(
      z.object({ handle: z.string(), name: z.string(), role: z.enum(['owner', 'admin', 'staff']) }),
    ),
  })
  .openapi('LoginResult');

export const ZAccessToken = z
  .object({ accessToken: z.string(), expiresIn: z.number().int() })
  .openapi('AccessToken');

export const ZResetRequest = z.object({ email: zText().trim().min(3).max(320) }).strict();
export const ZResetConfirm = z
  .object({ token: z.string().min(10).max(200), password: z.string().min(1).max(1000) })
  .strict();
export const ZVerifyConfirm = z.object({ token: z.string().min(10).max(200) }).strict();
export const ZAccepted = z.object({ status: z.literal('accepted') });
export const ZOk = z.object({ status: z.literal('ok') });
