/**
 * A shopper opens the e-mailed verification link: in one tenant transaction
 * the single-use token is spent, the address it names becomes the account's
 * verified address (an email change takes effect here), and this store's
 * guest orders placed with that address are attached to the account.
 *
 * SECURITY: guest orders are attached only here, after the shopper proved
 * they read mail at the address — never on registration or sign-in.
 */
import { withTenant } from '../lib/db/index.js';
import { AppError } from '../lib/errors.js';
import type { Deps, TenantInfo } from '../lib/http/context.js';
import { recordAudit } from '../modules/audit/service.js';
import { hashSecret } from '../modules/auth/secrets.js';
import { setVerifiedEmail, useVerifyToken } from '../modules/customers/repository/accounts.js';
import { attachGuestOrders } from '../modules/orders/repository/attach-guest.js';

export async function verifyCustomerEmail(
  deps: Deps,
  tenant: TenantInfo,
  secret: string,
): Promise<{ customerId: string; email: string; attachedOrders: number }> {
  const now = deps.now();
  return withTenant(deps.db, tenant.id, async (trx) => {
    const tok = await useVerifyToken(trx, tenant.id, hashSecret(secret), now);
    if (!tok?.email) throw new AppError('unauthenticated', 'This link is invalid or has expired');
    if (!(await setVerifiedEmail(trx, tenant.id, tok.customer_id, tok.email, now)))
      throw new AppError('email_taken', 'Another account uses this e-mail address');
    const attachedOrders = await attachGuestOrders(trx, tenant.id, tok.customer_id, tok.email, now);
    await recordAudit(trx, tenant.id, {
      actorType: 'customer',
      actorId: tok.customer_id,
      action: 'customer.email_verified',
      targetType: 'customer',
      targetId: tok.customer_id,
    });
    return { customerId: tok.customer_id, email: tok.email, attachedOrders };
  });
}
