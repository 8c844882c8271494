/**
 * Carts: guest carts (the unguessable id is the capability; the storefront
 * keeps it in a cookie) and shopper carts (owned by a customer: only that
 * shopper's token opens them, anyone else gets 404). Prices shown here are
 * current prices; checkout re-reads them in its own transaction.
 *
 * Quantities are whole units 1..10000 per line; a line may never hold more
 * than is available (stock − reserved) at the time it is changed → 409
 * insufficient_stock. Availability is checked again, atomically, at checkout.
 */
import { type Db, type Trx, withTenant, withTenantStatement } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { multiply, sum } from '../../lib/money.js';
import * as repo from './repository.js';
import { type AddItemInput, type Cart, MAX_LINE_QUANTITY } from './schemas.js';

/** Who is asking: a shopper id when a shopper token was presented. */
export interface CartViewer {
  customerId: string | null;
}

/** A new, empty cart (the viewer's when a shopper asks). */
export function createCart(db: Db, tenantId: string, currency: string, viewer: CartViewer): Promise<Cart> {
  return withTenant(db, tenantId, async (trx) =>
    toCart(await repo.insertCart(trx, tenantId, viewer.customerId, currency), []),
  );
}

function toCart(cart: Pick<repo.CartRow, 'id' | 'status' | 'currency'>, lines: repo.CartLineRow[]): Cart {
  const items = lines.map((l) => ({
    variantId: l.variant_id,
    productId: l.product_id,
    productHandle: l.product_handle,
    title: l.product_title,
    variantTitle: l.variant_title,
    sku: l.sku,
    quantity: l.quantity,
    unitPrice: l.price,
    lineTotal: multiply(l.price, l.quantity),
    available: Math.max(0, l.stock - l.reserved),
  }));
  return {
    id: cart.id,
    status: cart.status,
    currency: cart.currency.trim(),
    items,
    itemCount: items.reduce((n, i) => n + i.quantity, 0),
    subtotal: sum(items.map((i) => i.lineTotal)),
  };
}

/**
 * !!! SECURITY CHOKE POINT — cart ownership !!!
 * A cart owned by a shopper is visible only to that shopper; to everyone else
 * (guests, other shoppers) it does not exist. RLS already confines it to the store.
 */
export async function loadCart(
  trx: Trx,
  tenantId: string,
  cartId: string,
  viewer: CartViewer,
  opts: { lock?: boolean } = {},
): Promise<repo.CartRow> {
  const cart = await repo.findCart(trx, tenantId, cartId, opts);
  if (!cart || (cart.customer_id !== null && cart.customer_id !== viewer.customerId)) throw notFound('Cart');
  return cart;
}

async function loadActiveCart(trx: Trx, tenantId: string, cartId: string, viewer: CartViewer) {
  const cart = await loadCart(trx, tenantId, cartId, viewer, { lock: true });
  if (cart.status !== 'active') throw new AppError('invalid_state', 'This cart was already checked out');
  return cart;
}

export function getCart(db: Db, tenantId: string, cartId: string, viewer: CartViewer): Promise<Cart> {
  return withTenant(db, tenantId, (trx) => readCart(trx, tenantId, cartId, viewer));
}

async function readCart(trx: Trx, tenantId: string, cartId: string, viewer: CartViewer): Promise<Cart> {
  const cart = await loadCart(trx, tenantId, cartId, viewer);
  return toCart(cart, await repo.cartLines(trx, tenantId, cartId));
}

function checkLineQuantity(quantity: number, available: number): void {
  if (quantity > MAX_LINE_QUANTITY) {
    throw new AppError('validation_failed', `At most ${MAX_LINE_QUANTITY} of one item per cart`, {
      issues: [{ path: 'quantity', message: `At most ${MAX_LINE_QUANTITY} in total` }],
    });
  }
  if (quantity > available) {
    throw new AppError('insufficient_stock', `Only ${Math.max(0, available)} available`, {
      issues: [{ path: 'quantity', message: `Only ${Math.max(0, available)} available` }],
    });
  }
}

async function setLine(trx: Trx, tenantId: string, cartId: string, variantId: string, quantity: number) {
  const variant = await repo.findSellableVariant(trx, tenantId, variantId);
  if (!variant) throw notFound('Variant');
  checkLineQuantity(quantity, variant.stock - variant.reserved);
  await repo.upsertItem(trx, tenantId, cartId, variantId, quantity);
  await repo.touchCart(trx, tenantId, cartId);
}

/**
 * The storefront's add to cart: adds to the cart behind the cookie, or to a
 * new one when the cookie names no usable cart (unknown, foreign or no
 * longer active), in ONE transaction. Returns the cart id to keep.
 */
export function addToCartOrNew(
  db: Db,
  tenant: { id: string; currency: string },
  cartId: string | undefined,
  viewer: CartViewer,
  input: AddItemInput,
): Promise<string> {
  return withTenant(db, tenant.id, async (trx) => {
    let id = cartId;
    if (id) {
      const existing = await readCart(trx, tenant.id, id, viewer).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'not_found') return null;
        throw err;
      });
      if (existing?.status !== 'active') id = undefined;
    }
    if (!id) id = (await repo.insertCart(trx, tenant.id, viewer.customerId, tenant.currency)).id;
    const outcome = await addLine(trx, tenant.id, id, viewer, input);
    const cartIdUsed = id;
    await cartAfterAdd(outcome, input, () => explainRefusedCart(trx, tenant.id, cartIdUsed, viewer));
    return id;
  });
}

/**
 * The store API's add to cart: the add is ONE statement committed in the same
 * round trip (withTenantStatement, relaxed durability); only a refused cart
 * costs a second transaction, to tell 404 from 409.
 */
export async function addItemToCart(
  db: Db,
  tenantId: string,
  cartId: string,
  viewer: CartViewer,
  input: AddItemInput,
): Promise<Cart> {
  // A cart line is cheap to lose in a crash, and checkout re-reads
  // everything: no wait for the WAL flush.
  const outcome = await withTenantStatement(
    db,
    tenantId,
    (trx) => addLine(trx, tenantId, cartId, viewer, input),
    {
      durability: 'relaxed',
    },
  );
  return cartAfterAdd(outcome, input, () =>
    withTenant(db, tenantId, (trx) => explainRefusedCart(trx, tenantId, cartId, viewer)),
  );
}

function addLine(trx: Trx, tenantId: string, cartId: string, viewer: CartViewer, input: AddItemInput) {
  return repo.addToLine(
    trx,
    tenantId,
    cartId,
    viewer.customerId,
    input.variantId,
    input.quantity,
    MAX_LINE_QUANTITY,
  );
}

async function cartAfterAdd(
  outcome: repo.AddOutcome,
  input: AddItemInput,
  explain: () => Promise<never>,
): Promise<Cart> {
  if (!outcome.cart) return explain();
  if (outcome.available === null) throw notFound('Variant');
  if (!outcome.added) {
    checkLineQuantity(outcome.existing + input.quantity, outcome.available);
    // It fitted the statement's snapshot, not the line's latest quantity: a
    // concurrent add got there first.
    throw new AppError('insufficient_stock', `Only ${Math.max(0, outcome.available)} available`, {
      issues: [{ path: 'quantity', message: 'More of this item was added meanwhile' }],
    });
  }
  return toCart(outcome.cart, outcome.lines);
}

/** Throws why addToLine found no usable cart: 404 (unknown or not the viewer's) or 409 (not active). */
async function explainRefusedCart(
  trx: Trx,
  tenantId: string,
  cartId: string,
  viewer: CartViewer,
): Promise<never> {
  await loadActiveCart(trx, tenantId, cartId, viewer);
  throw new AppError('conflict', 'The cart changed while adding to it; try again');
}

/** Sets an existing line's quantity. */
export function setItemQuantity(
  db: Db,
  tenantId: string,
  cartId: string,
  viewer: CartViewer,
  variantId: string,
  quantity: number,
): Promise<Cart> {
  return withTenant(db, tenantId, async (trx) => {
    await loadActiveCart(trx, tenantId, cartId, viewer);
    if (!(await repo.findItem(trx, tenantId, cartId, variantId))) throw notFound('Cart line');
    await setLine(trx, tenantId, cartId, variantId, quantity);
    return readCart(trx, tenantId, cartId, viewer);
  });
}

export function removeItem(
  db: Db,
  tenantId: string,
  cartId: string,
  viewer: CartViewer,
  variantId: string,
): Promise<Cart> {
  return withTenant(db, tenantId, async (trx) => {
    await loadActiveCart(trx, tenantId, cartId, viewer);
    if (!(await repo.deleteItem(trx, tenantId, cartId, variantId))) throw notFound('Cart line');
    await repo.touchCart(trx, tenantId, cartId);
    return readCart(trx, tenantId, cartId, viewer);
  });
}

/** Sign-in: mergeCarts in its own transaction. */
export function mergeGuestCart(
  db: Db,
  tenantId: string,
  guestCartId: string,
  customerId: string,
): Promise<string | undefined> {
  return withTenant(db, tenantId, (trx) => mergeCarts(trx, tenantId, guestCartId, customerId));
}

/**
 * Sign-in: folds a guest cart into the shopper's cart. With no active shopper
 * cart the guest cart simply becomes the shopper's; otherwise its lines are
 * added to the shopper's cart (quantities summed, capped at what is available
 * and the per-line maximum) and the guest cart is marked 'merged'. A cart that
 * is not a guest cart, not active or unknown is ignored. Returns the id of the
 * shopper's active cart (undefined when there is none).
 */
export async function mergeCarts(
  trx: Trx,
  tenantId: string,
  guestCartId: string,
  customerId: string,
): Promise<string | undefined> {
  const guest = await repo.findCart(trx, tenantId, guestCartId, { lock: true });
  const own = await repo.findActiveCustomerCart(trx, tenantId, customerId);
  if (guest?.status !== 'active' || guest.customer_id !== null || guest.id === own?.id) return own?.id;
  if (!own) {
    await repo.touchCart(trx, tenantId, guest.id, customerId);
    return guest.id;
  }
  const ownLines = new Map(
    (await repo.cartLines(trx, tenantId, own.id)).map((l) => [l.variant_id, l.quantity]),
  );
  for (const line of await repo.cartLines(trx, tenantId, guest.id)) {
    if (line.product_status !== 'active') continue;
    const wanted = (ownLines.get(line.variant_id) ?? 0) + line.quantity;
    const quantity = Math.min(wanted, MAX_LINE_QUANTITY, line.stock - line.reserved);
    if (quantity > 0) await repo.upsertItem(trx, tenantId, own.id, line.variant_id, quantity);
  }
  await repo.setCartStatus(trx, tenantId, guest.id, 'merged');
  await repo.touchCart(trx, tenantId, own.id);
  return own.id;
}
