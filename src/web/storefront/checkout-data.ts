/**
 * What the checkout page reads besides the cart: the quote (the same service
 * as POST /api/store/carts/:id/quote) and how the store takes payment.
 */
import { type CartQuote, type CartQuoteInput, quoteCart } from '../../flows/checkout/quote-cart.js';
import { AppError, type ErrorIssue } from '../../lib/errors.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { listShippingOptions as listStoreShippingOptions } from '../../modules/checkout-settings/admin-service.js';
import type { ShippingRate } from '../../modules/checkout-settings/schemas.js';
import { getManualSettings, type ManualPaymentSettings } from '../../modules/payment-settings/service.js';
import { cardPaymentsEnabled } from '../../modules/payments/connect.js';

/**
 * The checkout quote for the page: the same service as POST …/quote. A method
 * that does not ship to the new country is dropped (the cheapest is quoted);
 * a country the store does not ship to → null with that refusal's issues.
 */
export async function quoteForPage(
  deps: Deps,
  tenant: TenantInfo,
  cartId: string,
  customerId: string | null,
  input: CartQuoteInput,
): Promise<{ quote: CartQuote | null; issues: ErrorIssue[] }> {
  const run = (i: CartQuoteInput) => quoteCart(deps.db, tenant, cartId, { customerId }, i, deps.now());
  try {
    return { quote: await run(input), issues: [] };
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'validation_failed')) throw err;
    const issues = err.issues ?? [];
    if (input.shippingMethodId && issues.some((i) => i.path === 'shippingRateId')) {
      return quoteForPage(deps, tenant, cartId, customerId, { ...input, shippingMethodId: undefined });
    }
    return { quote: null, issues };
  }
}

/** How this store takes payment at checkout: card when Stripe is live, else its manual method. */
export async function checkoutPayment(
  deps: Deps,
  tenant: TenantInfo,
): Promise<{ card: boolean; manual: ManualPaymentSettings }> {
  const [card, manual] = await Promise.all([
    cardPaymentsEnabled(deps, tenant.id),
    getManualSettings(deps.db, tenant.id),
  ]);
  return { card, manual };
}

export async function listShippingOptions(deps: Deps, tenant: TenantInfo): Promise<ShippingRate[]> {
  return listStoreShippingOptions(deps.db, tenant.id);
}
