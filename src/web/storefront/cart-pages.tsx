/**
 * The cart: `GET /cart` shows it; plain form posts change it and redirect back
 * (303, post/redirect/get), so it works without JavaScript:
 *   POST /cart/items                      add {variantId, quantity} (creates the cart on first add)
 *   POST /cart/items/:variantId           set {quantity}
 *   POST /cart/items/:variantId/remove    remove the line
 * A guest's cart id lives in the httpOnly `sl_cart` cookie; a signed-in
 * shopper's cart belongs to them (the cart service refuses it to anyone else).
 * Every post carries the CSRF token (checked by src/lib/http/csrf.ts).
 */

import type { Context } from 'hono';
import { isUuid } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { money, Notice } from './components.js';
import { readCartId, writeCartId } from './cookies.js';
import { addToCart, type Cart, removeFromCart, setCartQuantity, shopperOf } from './data.js';
import { pageContext, ShopPage } from './page.js';
import { CartAmount, type CartPricing, CartPromotions, priceCart } from './promo-badges.js';
import { recordCartAdd } from './recommendation-routes.js';
import { CART_ROWS_SCRIPT, cartRowsSlot } from './recommendations.js';

type C = Context<AppEnv>;

const CART_NOTICES: Record<string, string> = {
  added: 'Added to your cart.',
  updated: 'Cart updated.',
  removed: 'Item removed.',
  insufficient_stock: 'Sorry, there is not enough stock for that quantity.',
  invalid: 'Enter a quantity between 1 and 100.',
  gone: 'That item is no longer in your cart.',
  empty: 'Your cart is empty — add something before checking out.',
};

async function formField(c: C, name: string): Promise<string | undefined> {
  const body = await c.req.parseBody();
  const v = body[name];
  return typeof v === 'string' ? v : undefined;
}

function parseQuantity(v: string | undefined): number | undefined {
  if (!v || !/^\d{1,3}$/.test(v.trim())) return undefined;
  const n = Number(v);
  return n >= 1 && n <= 100 ? n : undefined;
}

/** AppError codes a shopper can cause from a cart form → a notice code. */
function noticeFor(err: unknown): string {
  if (err instanceof AppError) {
    if (err.code === 'insufficient_stock') return 'insufficient_stock';
    if (err.code === 'not_found' || err.code === 'invalid_state') return 'gone';
    if (err.code === 'validation_failed') return 'invalid';
  }
  throw err;
}

export async function cartPage(c: C) {
  const ctx = await pageContext(c);
  // The page context read the cart (for its count): the page shows that read.
  const cart = ctx.cart;
  const notice = CART_NOTICES[c.req.query('notice') ?? ''];
  const isError = ['insufficient_stock', 'invalid', 'gone', 'empty'].includes(c.req.query('notice') ?? '');
  const pricing = cart && cart.items.length > 0 ? await priceCart(c, cart) : null;
  // "Complete your order" is filled after load from its fragment: the page sends no recommendation read.
  const rows = cartRowsSlot(cart);
  return c.html(
    <ShopPage
      ctx={ctx}
      title="Your cart"
      path="/cart"
      noindex
      scripts={rows ? [CART_ROWS_SCRIPT] : undefined}
    >
      <h1>Your cart</h1>
      {notice ? <Notice kind={isError ? 'error' : 'info'}>{notice}</Notice> : null}
      {!cart || cart.items.length === 0 ? (
        <p>
          Your cart is empty. <a href="/search">Continue shopping</a>
        </p>
      ) : (
        <CartContents c={c} cart={cart} pricing={pricing!} />
      )}
      {rows}
    </ShopPage>,
  );
}

function CartContents(props: { c: C; cart: Cart; pricing: CartPricing }) {
  const { cart, pricing } = props;
  return (
    <>
      <table class="table cart-table">
        <caption class="visually-hidden">Items in your cart</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Price</th>
            <th scope="col">Quantity</th>
            <th scope="col">Total</th>
            <th scope="col">
              <span class="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cart.items.map((line) => (
            <CartLine c={props.c} line={line} currency={cart.currency} pricing={pricing} />
          ))}
        </tbody>
      </table>
      <CartPromotions cart={cart} pricing={pricing} />
      <table class="table totals">
        <tbody>
          <tr>
            <th scope="row">Subtotal</th>
            <td id="cart-subtotal">
              <CartAmount usual={cart.subtotal} now={pricing.subtotal} currency={cart.currency} />
            </td>
          </tr>
          {pricing.saved > 0 ? (
            <tr>
              <th scope="row">You save</th>
              <td id="cart-saved">{money(pricing.saved, cart.currency)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <p class="muted" style="text-align:right">
        Shipping, taxes and discounts are applied at checkout.
      </p>
      <p style="text-align:right">
        <a class="btn" href="/checkout">
          Check out
        </a>
      </p>
    </>
  );
}

/** One line: its product, price, a quantity form and a remove form (each a plain POST). */
function CartLine(props: { c: C; line: Cart['items'][number]; currency: string; pricing: CartPricing }) {
  const { c, line, currency } = props;
  const now = props.pricing.lines.get(line.variantId) ?? { unit: line.unitPrice, total: line.lineTotal };
  const name = line.variantTitle ? `${line.title} — ${line.variantTitle}` : line.title;
  return (
    <tr>
      <th scope="row" class="c-name">
        <a href={`/products/${encodeURIComponent(line.productHandle)}`}>{name}</a>
        {line.available < line.quantity ? (
          <div class="error-text">Only {line.available} available</div>
        ) : null}
      </th>
      <td class="c-price">
        <CartAmount usual={line.unitPrice} now={now.unit} currency={currency} badge />
      </td>
      <td class="c-qty">
        <form method="post" action={`/cart/items/${line.variantId}`} class="inline">
          {csrfInput(c)}
          <label class="visually-hidden" for={`qty-${line.variantId}`}>
            Quantity of {name}
          </label>
          <input
            class="qty"
            id={`qty-${line.variantId}`}
            name="quantity"
            type="number"
            min="1"
            max="100"
            value={String(line.quantity)}
          />{' '}
          <button class="btn btn-secondary" type="submit">
            Update
          </button>
        </form>
      </td>
      <td class="c-total">
        <CartAmount usual={line.lineTotal} now={now.total} currency={currency} />
      </td>
      <td class="c-remove">
        <form method="post" action={`/cart/items/${line.variantId}/remove`} class="inline">
          {csrfInput(c)}
          <button class="btn btn-secondary" type="submit" aria-label={`Remove ${name}`}>
            Remove
          </button>
        </form>
      </td>
    </tr>
  );
}

export async function addToCartAction(c: C) {
  const tenant = storeOf(c);
  const deps = c.get('deps');
  const variantId = await formField(c, 'variantId');
  const quantity = parseQuantity(await formField(c, 'quantity'));
  const handle = (await formField(c, 'handle')) ?? '';
  // Back to the product keeps the shopper's selection (`?variant=`) when it is a well-formed id.
  const keep = isUuid(variantId) ? `variant=${variantId}&` : '';
  const back = (notice: string) =>
    /^[a-z0-9-]{1,100}$/.test(handle)
      ? `/products/${handle}?${keep}notice=${notice}`
      : `/cart?notice=${notice}`;
  if (!isUuid(variantId) || !quantity) return c.redirect(back('invalid'), 303);
  const shopper = shopperOf(c);
  try {
    const cartId = await addToCart(
      deps,
      tenant,
      readCartId(c),
      shopper?.customerId ?? null,
      variantId,
      quantity,
    );
    writeCartId(c, cartId);
    recordCartAdd(c, variantId);
  } catch (err) {
    const notice = noticeFor(err);
    return c.redirect(back(notice === 'gone' ? 'unavailable' : notice), 303);
  }
  return c.redirect('/cart?notice=added', 303);
}

export async function updateCartAction(c: C) {
  const cartId = readCartId(c);
  const variantId = c.req.param('variantId');
  const quantity = parseQuantity(await formField(c, 'quantity'));
  if (!cartId || !isUuid(variantId)) return c.redirect('/cart?notice=gone', 303);
  if (!quantity) return c.redirect('/cart?notice=invalid', 303);
  try {
    await setCartQuantity(
      c.get('deps'),
      storeOf(c),
      cartId,
      shopperOf(c)?.customerId ?? null,
      variantId,
      quantity,
    );
  } catch (err) {
    return c.redirect(`/cart?notice=${noticeFor(err)}`, 303);
  }
  return c.redirect('/cart?notice=updated', 303);
}

export async function removeCartAction(c: C) {
  const cartId = readCartId(c);
  const variantId = c.req.param('variantId');
  if (!cartId || !isUuid(variantId)) return c.redirect('/cart?notice=gone', 303);
  try {
    await removeFromCart(c.get('deps'), storeOf(c), cartId, shopperOf(c)?.customerId ?? null, variantId);
  } catch (err) {
    return c.redirect(`/cart?notice=${noticeFor(err)}`, 303);
  }
  return c.redirect('/cart?notice=removed', 303);
}
