/**
 * Payment providers: how an order gets paid. Checkout asks the store's
 * provider to create a payment for a freshly placed order; admin refunds go
 * back through the provider that took the payment.
 *
 * The orders domain owns this port (an order's refund goes back through its
 * provider); implementations live in the payments module and are registered
 * explicitly at boot (`registerPaymentProviders`).
 *
 * Contract for implementations (the Stripe provider plugs in here):
 *  - `createPayment` runs AFTER the checkout transaction committed and again
 *    on every idempotent replay of that checkout, so it MUST be idempotent per
 *    order id (Stripe: idempotency key `order-<id>`) and return the same
 *    result each time. It may persist its reference on the order itself.
 *  - `refund` runs inside the refund's transaction, after the order row was
 *    atomically moved to (partially_)refunded; throwing rolls the refund back.
 *  - Amounts are integer minor units of `order.currency`.
 */
import type { Trx } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';

export interface PaymentContext {
  deps: Deps;
  tenantId: string;
}

export interface PaymentOrder {
  id: string;
  number: number;
  total: number;
  currency: string;
  email: string;
}

export interface CreatedPayment {
  provider: string;
  /** For client-side confirmation (Stripe PaymentIntent client secret). */
  clientSecret?: string;
  /** The provider's id for the payment, stored on the order. */
  reference?: string;
}

export interface PaymentProvider {
  readonly name: string;
  /** True when the merchant confirms payment by hand (POST …/mark-paid). */
  readonly manualCapture: boolean;
  createPayment(ctx: PaymentContext, order: PaymentOrder): Promise<CreatedPayment>;
  refund(
    ctx: PaymentContext & { trx: Trx },
    input: { order: PaymentOrder & { paymentReference: string | null }; amount: number },
  ): Promise<{ reference?: string }>;
}

/** The default: the merchant collects payment outside Storeloom and marks the order paid. */
export const manualProvider: PaymentProvider = {
  name: 'manual',
  manualCapture: true,
  async createPayment() {
    return { provider: 'manual' };
  },
  async refund() {
    return {};
  },
};

const providers = new Map<string, PaymentProvider>([[manualProvider.name, manualProvider]]);

/** Chooses the provider for a store's checkout. Default: manual. */
let chooseProvider: (ctx: PaymentContext) => Promise<string> | string = () => 'manual';

export function registerPaymentProvider(provider: PaymentProvider): void {
  providers.set(provider.name, provider);
}

/** Lets e.g. the Stripe module pick itself for stores with a connected account. */
export function setCheckoutProviderChooser(fn: typeof chooseProvider): void {
  chooseProvider = fn;
}

export function getPaymentProvider(name: string): PaymentProvider {
  const p = providers.get(name);
  if (!p) throw new Error(`Unknown payment provider ${name}`);
  return p;
}

/** True when orders of this provider are marked paid by hand (unknown providers: false). */
export function isManualCapture(name: string): boolean {
  return providers.get(name)?.manualCapture ?? false;
}

export async function checkoutProvider(ctx: PaymentContext): Promise<PaymentProvider> {
  return getPaymentProvider(await chooseProvider(ctx));
}
