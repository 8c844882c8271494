/** What a checkout is asked and what it answers (shared by the checkout's pieces). */
import type { TenantInfo } from '../../lib/http/context.js';
import type { CartViewer } from '../../modules/cart/service.js';
import type { CheckoutInput, OrderSummary } from '../../modules/orders/schemas.js';

/** How long a checkout's stock stays held for payment unless the request says otherwise. */
export const DEFAULT_RESERVATION_TTL_MS = 15 * 60 * 1000;

/** The idempotency scope of checkout keys. */
export const CHECKOUT_SCOPE = 'checkout';

export interface CheckoutRequest {
  tenant: TenantInfo;
  cartId: string;
  idempotencyKey: string;
  input: CheckoutInput;
  viewer: CartViewer;
  now: Date;
  /** How long the stock stays held for payment (default: the payment method's hold). */
  reservationTtlMs?: number;
}

/** How a placed order gets paid: its stock hold, and for manual payment what the shopper is told. */
export interface PaymentTerms {
  holdMs: number;
  manual: { method: 'transfer' | 'cash_on_delivery'; instructions: string } | null;
}

export interface CheckoutResponseBody extends Record<string, unknown> {
  order: OrderSummary;
  payment: { provider: string; clientSecret?: string };
}
