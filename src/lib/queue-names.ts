/**
 * The one registry of queue names and of which outbox topics feed which
 * queue. Workers (processors and the outbox relay), the schedulers, the
 * producers and the console's job pages all read it; no other file spells a
 * queue name. Adding a queue: a name here, a processor in workers/processors,
 * its entry in workers/index.ts.
 */
import type { OutboxRoutes } from './outbox.js';

export const QUEUES = {
  /** Transactional email (outbox `email.send`). */
  emails: 'emails',
  /** Stored Stripe events (outbox `stripe.event`). */
  stripeEvents: 'stripe-events',
  /** Low-stock sweeps and digests (outbox `stock.changed`, daily scheduler). */
  alerts: 'low-stock-alerts',
  /** Merchant webhook deliveries (outbox `webhook.deliver`). */
  webhooks: 'webhooks',
  /** Store lifecycle: schedulers per store (outbox `tenant.*`). */
  lifecycle: 'tenant-lifecycle',
  /** Merchant webhooks for order, product and customer events (outbox `order.*`, `product.*`, `customer.*`). */
  orderEvents: 'order-events',
  /** Daily billing maintenance (repeatable job). */
  billing: 'billing',
  /** Expiry of checkout reservations (repeatable job). */
  reservations: 'reservations',
  /** Hourly price recalculation per store (scheduler); price history from outbox `catalog.prices_changed`. */
  pricing: 'pricing',
  /** Nightly restock planning per store (scheduler). */
  restock: 'restock',
  /** Per-store recommendation rebuilds (debounced on demand; job `rebuild`). */
  recommendations: 'recommendations',
  /**
   * The outbox events that feed recommendations (purchases, catalog changes): short jobs that record signals
   * and request a debounced rebuild. Kept apart from `recommendations`, whose long rebuilds hold a 5-minute
   * lock — a short job active when a database connection died would otherwise wait that long to be retried.
   */
  recommendationSignals: 'recommendation-signals',
  /** Customer care per store: ticket auto-close (scheduler, job `auto-close`). */
  care: 'customer-care',
  /** The outbox's own end-to-end test topic. */
  testEvents: 'test-events',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Every queue, sorted (the console lists these; an unknown name is a 404). */
export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES).sort();

export function isQueueName(name: string): name is QueueName {
  return (ALL_QUEUES as readonly string[]).includes(name);
}

/**
 * Outbox topic → the queues that consume it. One place, so a reader sees every
 * asynchronous consequence of a business event at a glance. A relay only takes
 * topics it has a route for.
 */
export const OUTBOX_ROUTES: OutboxRoutes = {
  'test.ping': [QUEUES.testEvents],
  'email.send': [QUEUES.emails],
  'stripe.event': [QUEUES.stripeEvents],
  'stock.changed': [QUEUES.alerts],
  'webhook.deliver': [QUEUES.webhooks],
  'tenant.provisioned': [QUEUES.lifecycle],
  'tenant.suspended': [QUEUES.lifecycle],
  'tenant.reactivated': [QUEUES.lifecycle],
  'tenant.deleted': [QUEUES.lifecycle],
  'tenant.updated': [QUEUES.lifecycle],
  'order.placed': [QUEUES.orderEvents, QUEUES.recommendationSignals],
  'order.paid': [QUEUES.orderEvents],
  'order.fulfilled': [QUEUES.orderEvents],
  'order.completed': [QUEUES.orderEvents],
  'order.cancelled': [QUEUES.orderEvents],
  'order.expired': [QUEUES.orderEvents],
  'order.refunded': [QUEUES.orderEvents],
  'catalog.imported': [QUEUES.recommendationSignals],
  // Pricing records editor/import price edits in its history; the storefront read cache's notice reads it too.
  'catalog.prices_changed': [QUEUES.pricing],
  // Read only by the storefront read cache's database notice (migration 0320): marked sent, queued nowhere.
  'catalog.categories_changed': [],
  'product.created': [QUEUES.alerts, QUEUES.orderEvents, QUEUES.recommendationSignals],
  'product.updated': [QUEUES.alerts, QUEUES.orderEvents, QUEUES.recommendationSignals],
  'customer.created': [QUEUES.orderEvents],
  'alerts.notify': [QUEUES.alerts],
  'billing.subscription_cancel': [QUEUES.billing],
};
