/**
 * A shopper's data, GDPR-style (issue #17): export everything the store holds
 * about one customer (profile, the addresses they shipped to, orders with
 * lines, reviews, tickets with the messages they can see — never internal
 * notes) and erase it. Erasure keeps orders, lines, amounts, returns and
 * reviews' ratings for the books and the store's figures, and removes what
 * identifies the person: the customer row's e-mail, name and password (they
 * cannot sign in again; their sessions are revoked), e-mail and shipping
 * address on orders (the country stays), ticket e-mail, subject and their
 * messages, survey and return comments, review author name and link, helpful
 * votes, recommendation signals and the merchant's notes about them.
 * One tenant transaction composed from each table owner's repository part;
 * the audit entry and the confirmation e-mail (outbox) commit with it.
 *
 * !!! Tenant scoping: every part filters by tenant id and customer id inside
 * withTenant; another store's customer id is a 404. !!!
 */
import { type Db, isUuid, withTenant } from '../lib/db/index.js';
import { notFound } from '../lib/errors.js';
import type { TenantInfo } from '../lib/http/context.js';
import { auditStoreAction, type StoreActor } from '../modules/audit/service.js';
import { revokeAllCustomerSessions } from '../modules/auth/repository/sessions.js';
import * as customers from '../modules/customers/repository-privacy.js';
import { enqueueEmail } from '../modules/mail/service.js';
import * as orders from '../modules/orders/repository-privacy.js';
import { deleteShopperEvents } from '../modules/recommendations/repository/events.js';
import * as returns from '../modules/returns/repository-privacy.js';
import * as reviews from '../modules/reviews/repository-privacy.js';
import * as tickets from '../modules/tickets/repository-privacy.js';

export interface ShopperDataExport {
  exportedAt: string;
  store: { name: string; handle: string };
  profile: {
    id: string;
    email: string;
    name: string | null;
    createdAt: string;
    emailVerified: boolean;
    erasedAt: string | null;
  };
  addresses: Record<string, unknown>[];
  orders: {
    number: number;
    status: string;
    placedAt: string;
    email: string;
    currency: string;
    subtotal: number;
    shipping: number;
    tax: number;
    discount: number;
    total: number;
    refunded: number;
    shippingAddress: Record<string, unknown>;
    lines: orders.PrivacyOrderRow['lines'];
  }[];
  reviews: {
    product: string;
    rating: number;
    title: string | null;
    body: string;
    status: string;
    createdAt: string;
  }[];
  tickets: {
    number: number;
    subject: string;
    status: string;
    createdAt: string;
    messages: tickets.PrivacyTicketRow['messages'];
  }[];
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** Everything the store holds about one of its customers, as the shopper may download it. */
export function exportShopperData(
  db: Db,
  tenant: TenantInfo,
  customerId: string,
): Promise<ShopperDataExport> {
  if (!isUuid(customerId)) throw notFound('Customer');
  return withTenant(db, tenant.id, async (trx) => {
    const c = await customers.findCustomerForPrivacy(trx, tenant.id, customerId);
    if (!c) throw notFound('Customer');
    const [o, r, t] = await Promise.all([
      orders.listOrdersForPrivacy(trx, tenant.id, customerId),
      reviews.listReviewsForPrivacy(trx, tenant.id, customerId),
      tickets.listTicketsForPrivacy(trx, tenant.id, customerId),
    ]);
    // The distinct addresses the shopper shipped to (there is no address book yet).
    const addresses = [
      ...new Map(o.map((x) => [JSON.stringify(x.shipping_address), x.shipping_address])).values(),
    ];
    return {
      exportedAt: new Date().toISOString(),
      store: { name: tenant.name, handle: tenant.handle },
      profile: {
        id: c.id,
        email: c.email,
        name: c.name,
        createdAt: iso(c.created_at),
        emailVerified: c.email_verified_at !== null,
        erasedAt: c.anonymised_at ? iso(c.anonymised_at) : null,
      },
      addresses,
      orders: o.map((x) => ({
        number: x.number,
        status: x.status,
        placedAt: iso(x.placed_at),
        email: x.email,
        currency: x.currency,
        subtotal: x.subtotal,
        shipping: x.shipping_total,
        tax: x.tax_total,
        discount: x.discount_total,
        total: x.total,
        refunded: x.refunded_total,
        shippingAddress: x.shipping_address,
        lines: x.lines,
      })),
      reviews: r.map((x) => ({
        product: x.product,
        rating: x.rating,
        title: x.title,
        body: x.body,
        status: x.status,
        createdAt: iso(x.created_at),
      })),
      tickets: t.map((x) => ({
        number: x.number,
        subject: x.subject,
        status: x.status,
        createdAt: iso(x.created_at),
        messages: x.messages,
      })),
    };
  });
}

export interface ErasureResult {
  /** False when the customer had already been erased (nothing changed, no e-mail). */
  erased: boolean;
  orders: number;
  tickets: number;
  reviews: number;
}

/** The e-mail address an erased customer row carries: unique per store, undeliverable by design (.invalid). */
export const erasedEmail = (customerId: string) => `erased-${customerId}@erased.invalid`;

/** Erases one customer's personal data (see the module doc); idempotent. `actor` is the shopper or a staff member. */
export function eraseShopperData(
  deps: { db: Db; now: () => Date },
  tenant: TenantInfo,
  customerId: string,
  actor: StoreActor,
): Promise<ErasureResult> {
  if (!isUuid(customerId)) throw notFound('Customer');
  return withTenant(deps.db, tenant.id, async (trx) => {
    const c = await customers.findCustomerForPrivacy(trx, tenant.id, customerId, true);
    if (!c) throw notFound('Customer');
    if (c.anonymised_at) return { erased: false, orders: 0, tickets: 0, reviews: 0 };
    const now = deps.now();
    const anon = erasedEmail(customerId);
    const result = {
      erased: true,
      orders: await orders.anonymiseOrders(trx, tenant.id, customerId, anon),
      tickets: await tickets.anonymiseTickets(trx, tenant.id, customerId, anon),
      reviews: await reviews.anonymiseReviews(trx, tenant.id, customerId),
    };
    await returns.anonymiseReturns(trx, tenant.id, customerId);
    await deleteShopperEvents(trx, tenant.id, { customerId });
    await revokeAllCustomerSessions(trx, tenant.id, customerId, now);
    await customers.anonymiseCustomerRow(trx, tenant.id, customerId, anon, now);
    const byShopper = actor.type === 'customer';
    await auditStoreAction(trx, tenant.id, actor, 'customer.erased', {
      summary: byShopper ? 'A customer erased their data' : 'Customer data erased by staff',
      targetType: 'customer',
      targetId: customerId,
      data: { orders: result.orders, tickets: result.tickets, reviews: result.reviews },
    });
    await enqueueEmail(
      trx,
      tenant.id,
      {
        to: c.email,
        subject: `Your data at ${tenant.name} has been deleted`,
        text:
          `${byShopper ? 'As you asked, we' : 'We'} deleted the personal data ${tenant.name} held about you: ` +
          'your account, your name and e-mail address, the addresses on your orders, your messages to us and ' +
          'your name on your reviews.\n\nWe keep the orders themselves (items and amounts) as the law requires ' +
          'for our accounts, without anything that identifies you. Your account can no longer be used; you are ' +
          `welcome to create a new one.\n\n${tenant.name}`,
      },
      `customer-erased:${customerId}`,
    );
    return result;
  });
}
