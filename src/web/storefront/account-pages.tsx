/**
 * The shopper's account home (store host): GET /account — who is signed in,
 * the e-mail verification banner, sign out, and the order history (newest
 * first, "Older orders" by cursor). Signed out → the sign-in page
 * (./account-auth-pages.tsx), which comes back here.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { AccountNav, VerifyBanner } from './account-nav.js';
import { money } from './components.js';
import { getCustomer, listShopperOrders } from './data.js';
import { pageContext, ShopPage } from './page.js';

type C = Context<AppEnv>;

const STATUS_TEXT: Record<string, string> = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  fulfilled: 'Shipped',
  completed: 'Completed',
  cancelled: 'Cancelled',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
};

export async function accountPage(c: C) {
  const ctx = await pageContext(c);
  if (!ctx.shopper) return c.redirect('/account/login?next=%2Faccount', 303);
  const tenant = storeOf(c);
  const cursor = c.req.query('cursor');
  const [customer, orders] = await Promise.all([
    getCustomer(ctx.deps, tenant.id, ctx.shopper.customerId),
    listShopperOrders(
      ctx.deps,
      tenant,
      ctx.shopper.customerId,
      cursor && /^[\w-]{1,100}$/.test(cursor) ? cursor : undefined,
    ),
  ]);
  return c.html(
    <ShopPage ctx={ctx} title="Your account" path="/account" noindex>
      <h1>Your account</h1>
      <AccountNav current="/account" />
      <VerifyBanner c={c} email={customer.email} verified={customer.emailVerified} />
      <p>
        Signed in as <strong>{customer.email}</strong>
        {customer.name ? ` (${customer.name})` : ''}.
      </p>
      <form method="post" action="/account/logout">
        {csrfInput(c)}
        <button class="btn btn-secondary" type="submit">
          Sign out
        </button>
      </form>
      <h2>Order history</h2>
      {orders.items.length === 0 ? (
        <p>
          No orders yet. <a href="/search">Start shopping</a>
        </p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Your orders</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {orders.items.map((o) => (
              <tr>
                <th scope="row">
                  <a href={`/orders/${o.id}/confirmation`}>#{o.number}</a>
                </th>
                <td>
                  <time datetime={o.placedAt}>{o.placedAt.slice(0, 10)}</time>
                </td>
                <td>{STATUS_TEXT[o.status] ?? o.status}</td>
                <td>{money(o.total, o.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {orders.nextCursor ? (
        <p>
          <a href={`/account?cursor=${encodeURIComponent(orders.nextCursor)}`} rel="next">
            Older orders
          </a>
        </p>
      ) : null}
    </ShopPage>,
  );
}
