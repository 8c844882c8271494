/**
 * Signed links for e-mails a shopper opens without signing in (review
 * request, ticket reply, guest e-mail confirmation, satisfaction survey):
 * ES256 JWTs from the same key store as access tokens, with an audience of
 * their own (`storeloom:link:<tenantId>`) so a link can never serve as an
 * access token, nor a link of one store on another, nor a link of one
 * purpose for another (`purpose` claim checked on verify).
 */
import type { KeyStore } from './keys.js';

export type LinkPurpose = 'review' | 'ticket' | 'ticket-confirm' | 'csat';

const linkAudience = (tenantId: string): string => `storeloom:link:${tenantId}`;

export const LINK_TTL_SECONDS = 30 * 24 * 60 * 60;

export function signLink(
  keys: KeyStore,
  tenantId: string,
  purpose: LinkPurpose,
  subject: string,
  ttlSeconds = LINK_TTL_SECONDS,
): Promise<string> {
  return keys.sign(
    { typ: 'link', purpose, tid: tenantId },
    { subject, audience: linkAudience(tenantId), expiresInSeconds: ttlSeconds },
  );
}

/** The link's subject, or undefined for any invalid, expired, foreign or other-purpose token. */
export async function verifyLink(
  keys: KeyStore,
  tenantId: string,
  purpose: LinkPurpose,
  token: string,
): Promise<string | undefined> {
  if (!token || token.length > 2000) return undefined;
  try {
    const p = await keys.verify(token, linkAudience(tenantId));
    if (p.typ !== 'link' || p.purpose !== purpose || p.tid !== tenantId || typeof p.sub !== 'string') {
      return undefined;
    }
    return p.sub;
  } catch {
    return undefined;
  }
}
