/** Security cases for the admin order routes and the shopper's order routes. */

import { orderIn } from '../checkout/support.js';
import { defineIsolationCases } from '../support/isolation.js';

const orderPath =
  (suffix = '') =>
  async (p: Parameters<typeof orderIn>[0], store: Parameters<typeof orderIn>[1]) =>
    `/api/admin/orders/${await orderIn(p, store)}${suffix}`;

export default defineIsolationCases([
  { route: 'GET /api/admin/orders', surface: 'admin', path: () => '/api/admin/orders' },
  { route: 'GET /api/admin/orders/{id}', surface: 'admin', path: orderPath(), resource: true },
  {
    route: 'POST /api/admin/orders/{id}/mark-paid',
    surface: 'admin',
    path: orderPath('/mark-paid'),
    resource: true,
  },
  {
    route: 'POST /api/admin/orders/{id}/fulfil',
    surface: 'admin',
    path: orderPath('/fulfil'),
    body: () => ({ trackingNumber: 'TRK1' }),
    resource: true,
  },
  {
    route: 'POST /api/admin/orders/{id}/complete',
    surface: 'admin',
    path: orderPath('/complete'),
    resource: true,
  },
  {
    route: 'POST /api/admin/orders/{id}/cancel',
    surface: 'admin',
    path: orderPath('/cancel'),
    resource: true,
  },
  {
    route: 'POST /api/admin/orders/{id}/refund',
    surface: 'admin',
    minRole: 'admin',
    path: orderPath('/refund'),
    body: () => ({ amount: 1 }),
    resource: true,
  },
  {
    route: 'POST /api/admin/orders/{id}/notes',
    surface: 'admin',
    path: orderPath('/notes'),
    body: () => ({ message: 'Called the shopper' }),
    resource: true,
  },
  {
    route: 'POST /api/admin/orders/{id}/resend-confirmation',
    surface: 'admin',
    path: orderPath('/resend-confirmation'),
    resource: true,
  },
  { route: 'GET /api/store/orders', surface: 'customer', path: () => '/api/store/orders' },
  {
    route: 'GET /api/store/orders/{id}',
    surface: 'customer',
    path: async (p, store) => `/api/store/orders/${await orderIn(p, store)}`,
  },
]);
