/**
 * Opaque secrets (refresh tokens, page sessions, email links, invitations):
 * 256 random bits, base64url; only the SHA-256 is stored, so a database leak
 * yields no usable token. Lookups compare hashes by equality in SQL, which is
 * safe because the attacker does not control the stored side.
 */
import { createHash, randomBytes } from 'node:crypto';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/** A secret that names its tenant: `<tenant id>.<secret>` (invitations, shopper links). */
export function splitTenantSecret(token: string): { tenantId: string; secret: string } | undefined {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/i.exec(token);
  return m ? { tenantId: m[1]!.toLowerCase(), secret: m[2]! } : undefined;
}
