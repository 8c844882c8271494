/**
 * Admin › Orders pages (store host): the list and CSV export, one order, its
 * packing slip and its actions. Staff may do everything but refunds
 * (admin), as in the JSON API.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../../lib/http/context.js';
import { adminGuard } from '../layout.js';
import {
  cancelAction,
  completeAction,
  fulfilAction,
  markPaidAction,
  noteAction,
  refundAction,
  resendAction,
} from './actions.js';
import { orderIdOf, renderOrderDetail } from './detail.js';
import { ordersCsv, ordersListPage } from './list.js';
import { packingSlipPage } from './packing-slip.js';

export const adminOrderPages = new Hono<AppEnv>();

adminOrderPages.get('/admin/orders', ...adminGuard('staff'), ordersListPage);
adminOrderPages.get('/admin/orders/export.csv', ...adminGuard('staff'), ordersCsv);
adminOrderPages.get('/admin/orders/:id', ...adminGuard('staff'), (c) => renderOrderDetail(c, orderIdOf(c)));
adminOrderPages.get('/admin/orders/:id/packing-slip', ...adminGuard('staff'), packingSlipPage);
adminOrderPages.post('/admin/orders/:id/mark-paid', ...adminGuard('staff'), markPaidAction);
adminOrderPages.post('/admin/orders/:id/fulfil', ...adminGuard('staff'), fulfilAction);
adminOrderPages.post('/admin/orders/:id/complete', ...adminGuard('staff'), completeAction);
adminOrderPages.post('/admin/orders/:id/cancel', ...adminGuard('staff'), cancelAction);
adminOrderPages.post('/admin/orders/:id/refund', ...adminGuard('admin'), refundAction);
adminOrderPages.post('/admin/orders/:id/notes', ...adminGuard('staff'), noteAction);
adminOrderPages.post('/admin/orders/:id/resend-confirmation', ...adminGuard('staff'), resendAction);
