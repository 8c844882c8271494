/**
 * Outbox topic → the queues that consume it. One place, so a reader sees every
 * asynchronous consequence of a business event at a glance.
 */
import type { OutboxRoutes } from '../src/lib/outbox.js';

export const OUTBOX_ROUTES: OutboxRoutes = {
  'test.ping': ['test-events'],
  'email.send': ['emails'],
  'stripe.event': ['stripe-events'],
  'stock.changed': ['low-stock-alerts'],
  'webhook.deliver': ['webhooks'],
  'tenant.provisioned': ['tenant-lifecycle'],
  'tenant.suspended': ['tenant-lifecycle'],
  'tenant.reactivated': ['tenant-lifecycle'],
  'tenant.deleted': ['tenant-lifecycle'],
  'tenant.updated': ['tenant-lifecycle'],
  'order.placed': ['order-events'],
  'order.paid': ['order-events'],
  'order.fulfilled': ['order-events'],
  'order.completed': ['order-events'],
  'order.cancelled': ['order-events'],
  'order.expired': ['order-events'],
  'order.refunded': ['order-events'],
};
