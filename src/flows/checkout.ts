/**
 * Checkout: cart → order, across cart, inventory, checkout settings, orders
 * and payments. Everything that must be all-or-nothing happens in ONE tenant
 * transaction; the payment provider is asked for its payment after commit.
 *
 * Inside the transaction, in this order (the order is the deadlock-avoidance
 * protocol shared with cancel/expiry: variants → discount → counter), in
 * three round trips for a one-line cart without a discount code:
 *  1. idempotency key claimed (racing duplicates wait here, then replay) and,
 *     only once claimed, the cart locked (FOR UPDATE) — one statement;
 *     written in the same round trip right behind it, a second statement
 *     reads (after the lock, so the cart as it is now) the lines with prices
 *     re-read from the variants (never trusted from the cart), the store's
 *     shipping rates, tax rate and owner addresses; the cart must be active
 *     and non-empty;
 *  2. stock reserved line by line, in variant-id order, with guarded UPDATEs —
 *     any shortfall throws 409 insufficient_stock and rolls EVERYTHING back;
 *     then the discount use claimed with a guarded UPDATE (usage limit can't
 *     be passed);
 *  3. totals computed (see `computeTotals` and src/lib/money.ts for rounding);
 *     ONE final statement takes the gapless order number from
 *     order_counters, inserts the order, lines, reservations (expiring),
 *     timeline 'placed', outbox `order.placed` + confirmation e-mails, marks
 *     the cart converted and completes the idempotency key with the response
 *     — and its COMMIT is written with it (asFinalStatement), so the store's
 *     counter is held for that statement and the commit only.
 */
import { randomUUID } from 'node:crypto';
import { asFinalStatement, type Db, pipelinedStatements, type Trx, withTenant } from '../lib/db/index.js';
import { AppError, notFound } from '../lib/errors.js';
import type { Deps, TenantInfo } from '../lib/http/context.js';
import { replayStored, requestHash, type StoredResponse } from '../lib/idempotency.js';
import { formatMoney, multiply, percentOf, sum, taxOf } from '../lib/money.js';
import * as cartRepo from '../modules/cart/repository.js';
import type { CartViewer } from '../modules/cart/service.js';
import { claimDiscount, pickShippingRate } from '../modules/checkout-settings/service.js';
import {
  checkoutProvider,
  getPaymentProvider,
  type PaymentProvider,
} from '../modules/orders/payment-provider.js';
import * as orderRepo from '../modules/orders/repository.js';
import type { CheckoutInput, OrderSummary } from '../modules/orders/schemas.js';
import { toOrderSummary } from '../modules/orders/service.js';
import { reserveStock } from '../modules/orders/stock.js';
import { type CheckoutReadsRow, checkoutReadsQuery, toCheckoutReads } from './checkout-reads.js';

export const DEFAULT_RESERVATION_TTL_MS = 15 * 60 * 1000;

export interface CheckoutRequest {
  tenant: TenantInfo;
  cartId: string;
  idempotencyKey: string;
  input: CheckoutInput;
  viewer: CartViewer;
  now: Date;
  /** How long the stock stays held for payment (default 15 minutes). */
  reservationTtlMs?: number;
}

export interface CheckoutResponseBody extends Record<string, unknown> {
  order: OrderSummary;
  payment: { provider: string; clientSecret?: string };
}

export interface Totals {
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  taxInclusive: boolean;
  total: number;
}

/**
 * The order's money: discount on the goods subtotal, shipping on the goods
 * after discount, tax on (goods after discount + shipping) — added on top
 * when exclusive, already contained when inclusive.
 */
export function computeTotals(input: {
  subtotal: number;
  discount: { kind: 'percentage' | 'fixed'; value: number } | null;
  shipping: (goods: number) => number;
  tax: { rate: number; inclusive: boolean };
}): Totals {
  const { subtotal } = input;
  const discount = !input.discount
    ? 0
    : input.discount.kind === 'percentage'
      ? percentOf(subtotal, input.discount.value)
      : Math.min(input.discount.value, subtotal);
  const goods = subtotal - discount;
  const shipping = input.shipping(goods);
  const base = goods + shipping;
  const tax = taxOf(base, input.tax.rate, input.tax.inclusive);
  return {
    subtotal,
    discount,
    shipping,
    tax,
    taxInclusive: input.tax.inclusive,
    total: input.tax.inclusive ? base : base + tax,
  };
}

const CHECKOUT_SCOPE = 'checkout';

async function placeOrder(
  trx: Trx,
  req: CheckoutRequest,
  provider: PaymentProvider,
  key: { key: string; hash: string },
): Promise<StoredResponse<CheckoutResponseBody>> {
  const tenantId = req.tenant.id;
  const { input } = req;
  const country = input.shippingAddress.country;
  // One round trip: the claim-and-lock statement, and right behind it (its
  // own statement, so it reads the cart as it is once locked) the reads.
  const [claimRows, readRows] = await pipelinedStatements(trx, [
    cartRepo.claimKeyAndLockCartQuery(tenantId, { scope: CHECKOUT_SCOPE, ...key }, req.cartId).compile(trx),
    checkoutReadsQuery(tenantId, req.cartId, country).compile(trx),
  ]);
  const start = cartRepo.toClaim(claimRows as cartRepo.ClaimRow[]);
  // Another transaction committed this key (we waited for it if it was racing us).
  if (!start.claimed) return replayStored(trx, tenantId, { scope: CHECKOUT_SCOPE, ...key });
  const cart = start.cart;
  // !!! cart ownership: a shopper's cart does not exist for anyone else.
  if (!cart || (cart.customer_id !== null && cart.customer_id !== req.viewer.customerId)) {
    throw notFound('Cart');
  }
  if (cart.status !== 'active') throw new AppError('invalid_state', 'This cart was already checked out');
  const { lines, shippingRates, tax, owners } = toCheckoutReads(readRows as CheckoutReadsRow[]);
  if (lines.length === 0) {
    throw new AppError('validation_failed', 'The cart is empty', {
      issues: [{ path: 'items', message: 'Add something to the cart first' }],
    });
  }
  const unsellable = lines.find((l) => l.product_status !== 'active');
  if (unsellable) {
    throw new AppError('conflict', `${unsellable.product_title} is no longer sold`, {
      issues: [{ path: `items.${unsellable.variant_id}`, message: 'No longer sold' }],
    });
  }

  // Fast refusal from the committed stock just read (no lock): a line that
  // does not fit now cannot be reserved below either, unless a concurrent
  // release commits in between — refusing then is the same as having run just
  // before that release. The guarded UPDATE in reserveStock stays the
  // authority for every checkout that passes this check.
  const short = lines.find((l) => l.quantity > l.stock - l.reserved);
  if (short) {
    throw new AppError('insufficient_stock', 'Not enough stock for an item in the cart', {
      issues: [{ path: `variants.${short.variant_id}`, message: 'Not enough stock' }],
    });
  }

  // Fail fast on an address the store cannot ship to, before touching stock.
  pickShippingRate(shippingRates, country, 0, input.shippingRateId);

  const orderId = randomUUID();
  const actor = {
    type: req.viewer.customerId ? ('customer' as const) : ('system' as const),
    id: req.viewer.customerId,
  };
  await reserveStock(
    trx,
    tenantId,
    lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity })),
    { reference: `order:${orderId}`, actor },
  );

  const lineTotals = lines.map((l) => multiply(l.price, l.quantity));
  const subtotal = sum(lineTotals);
  const code = input.discountCode
    ? await claimDiscount(trx, tenantId, input.discountCode, subtotal, req.now)
    : null;
  const totals = computeTotals({
    subtotal,
    discount: code,
    shipping: (goods) => pickShippingRate(shippingRates, country, goods, input.shippingRateId).amount,
    tax,
  });
  const shipping = pickShippingRate(
    shippingRates,
    country,
    totals.subtotal - totals.discount,
    input.shippingRateId,
  );

  // From the order number to commit every checkout of this store waits on the
  // counter row, so the number, the order and everything naming it go in as
  // ONE statement, committed in the same round trip; texts name the number by
  // ORDER_NUMBER_TOKEN until then.
  const expiresAt = new Date(req.now.getTime() + (req.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS));
  const customerId = cart.customer_id ?? req.viewer.customerId;
  const currency = cart.currency.trim();
  const money = (n: number) => formatMoney(n, currency);
  const number = orderRepo.ORDER_NUMBER_TOKEN;
  const text = [
    ...lines.map((l, i) => `${l.quantity} × ${l.product_title} (${l.sku}) — ${money(lineTotals[i] ?? 0)}`),
    '',
    `Subtotal: ${money(totals.subtotal)}`,
    ...(totals.discount ? [`Discount: −${money(totals.discount)}`] : []),
    `Shipping: ${money(totals.shipping)}`,
    `Tax${totals.taxInclusive ? ' (included)' : ''}: ${money(totals.tax)}`,
    `Total: ${money(totals.total)}`,
  ].join('\n');
  const orderValues = {
    tenant_id: tenantId,
    id: orderId,
    status: 'pending_payment' as const,
    customer_id: customerId,
    cart_id: cart.id,
    email: input.email,
    currency,
    subtotal: totals.subtotal,
    discount_total: totals.discount,
    shipping_total: totals.shipping,
    tax_total: totals.tax,
    tax_inclusive: totals.taxInclusive,
    total: totals.total,
    discount_code: code?.code ?? null,
    shipping_address: JSON.stringify(input.shippingAddress),
    shipping_method: shipping.name,
    payment_provider: provider.name,
    reservation_expires_at: expiresAt,
    placed_at: req.now,
    updated_at: req.now,
  };
  // The response stored under the idempotency key, known before the insert
  // but for the number (a replay must answer exactly what this request did).
  const stored: CheckoutResponseBody = {
    order: toOrderSummary({
      ...orderValues,
      number: number as unknown as number,
      refunded_total: 0,
      payment_reference: null,
      tracking_number: null,
      paid_at: null,
      fulfilled_at: null,
      cancelled_at: null,
    } as unknown as orderRepo.OrderRow),
    payment: { provider: provider.name },
  };
  const order = await asFinalStatement(() =>
    orderRepo.insertPlacedOrder(trx, {
      order: orderValues,
      lines: lines.map((l, i) => ({
        tenant_id: tenantId,
        order_id: orderId,
        variant_id: l.variant_id,
        product_id: l.product_id,
        sku: l.sku,
        title: l.variant_title ? `${l.product_title} — ${l.variant_title}` : l.product_title,
        quantity: l.quantity,
        unit_price: l.price,
        total: lineTotals[i] ?? 0,
        cost: l.cost,
      })),
      reservations: lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity })),
      expiresAt,
      event: {
        type: 'placed',
        message: `Order #${number} placed`,
        data: { ...totals, discountCode: code?.code ?? null, reservationExpiresAt: expiresAt.toISOString() },
        actor,
      },
      outbox: [
        {
          topic: 'order.placed',
          payload: { orderId, number, total: totals.total, currency, customerId, email: input.email },
        },
        {
          topic: 'email.send',
          payload: {
            to: input.email,
            subject: `Order #${number} at ${req.tenant.name}`,
            text: `Thank you for your order #${number}.\n\n${text}`,
          },
        },
        ...owners.map((to) => ({
          topic: 'email.send',
          payload: {
            to,
            subject: `New order #${number} (${money(totals.total)})`,
            text: `From ${input.email}\n\n${text}`,
          },
        })),
      ],
      convertCartId: cart.id,
      idempotency: { scope: CHECKOUT_SCOPE, key: key.key, status: 201, body: JSON.stringify(stored) },
    }),
  );
  const summary = toOrderSummary(order);
  return { status: 201, body: { order: summary, payment: { provider: provider.name } }, replayed: false };
}

/**
 * Runs a checkout. The stored (idempotent) response carries the order; the
 * payment part is asked of the order's provider after commit — providers are
 * idempotent per order id, so a replay yields the identical response.
 */
export async function checkout(
  deps: Deps,
  req: CheckoutRequest,
): Promise<{ status: number; body: CheckoutResponseBody; replayed: boolean }> {
  const db: Db = deps.db;
  const tenantId = req.tenant.id;
  const provider = await checkoutProvider({ deps, tenantId });
  const hash = requestHash({ cartId: req.cartId, customerId: req.viewer.customerId, body: req.input });
  const result = await withTenant(db, tenantId, (trx) =>
    placeOrder(trx, req, provider, { key: req.idempotencyKey, hash }),
  );
  const { order } = result.body;
  // A replay may come after the store switched providers: ask the order's own.
  const orderProvider = getPaymentProvider(order.paymentProvider);
  const payment = await orderProvider.createPayment(
    { deps, tenantId },
    { id: order.id, number: order.number, total: order.total, currency: order.currency, email: order.email },
  );
  return {
    status: result.status,
    replayed: result.replayed,
    body: {
      order,
      payment: {
        provider: payment.provider,
        ...(payment.clientSecret ? { clientSecret: payment.clientSecret } : {}),
      },
    },
  };
}
