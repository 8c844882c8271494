/**
 * Access tokens: short-lived ES256 JWTs (≤ 15 min). The audience says who may
 * use one: `storeloom:user` for merchants and platform admins, and
 * `storeloom:store:<tenantId>` for a shopper — so a shopper token from one
 * store is rejected on another by the signature check itself.
 */
import type { KeyStore } from './keys.js';
import type { Principal } from './principal.js';

export const USER_AUDIENCE = 'storeloom:user';
export const customerAudience = (tenantId: string): string => `storeloom:store:${tenantId}`;

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

export async function issueUserToken(
  keys: KeyStore,
  userId: string,
  ttlSeconds: number,
): Promise<IssuedToken> {
  const accessToken = await keys.sign(
    { typ: 'user' },
    { subject: userId, audience: USER_AUDIENCE, expiresInSeconds: ttlSeconds },
  );
  return { accessToken, expiresIn: ttlSeconds };
}

export async function issueCustomerToken(
  keys: KeyStore,
  tenantId: string,
  customerId: string,
  ttlSeconds: number,
): Promise<IssuedToken> {
  const accessToken = await keys.sign(
    { typ: 'customer', tid: tenantId },
    { subject: customerId, audience: customerAudience(tenantId), expiresInSeconds: ttlSeconds },
  );
  return { accessToken, expiresIn: ttlSeconds };
}

/**
 * Verifies a bearer token for this site. On a store host both user tokens and
 * that store's customer tokens are acceptable; on the apex only user tokens.
 * Returns undefined for any invalid, expired, forged or foreign token.
 */
export async function verifyAccessToken(
  keys: KeyStore,
  token: string,
  storeTenantId?: string,
): Promise<Principal | undefined> {
  const audiences = storeTenantId ? [USER_AUDIENCE, customerAudience(storeTenantId)] : [USER_AUDIENCE];
  try {
    const payload = await keys.verify(token, audiences);
    if (typeof payload.sub !== 'string') return undefined;
    if (payload.typ === 'user' && payload.aud === USER_AUDIENCE) return { kind: 'user', userId: payload.sub };
    if (payload.typ === 'customer' && storeTenantId && payload.tid === storeTenantId) {
      return { kind: 'customer', customerId: payload.sub, tenantId: storeTenantId };
    }
    return undefined;
  } catch {
    return undefined;
  }
}
