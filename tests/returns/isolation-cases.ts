/** Security cases for the return routes (admin processing and the shopper's request). */
import { orderIn } from '../checkout/support.js';
import { returnIn } from '../support/care.js';
import { defineIsolationCases } from '../support/isolation.js';

type P = Parameters<typeof returnIn>[0];
type S = Parameters<typeof returnIn>[1];
const step = (suffix: string) => async (p: P, s: S) => `/api/admin/returns/${await returnIn(p, s)}${suffix}`;

export default defineIsolationCases([
  { route: 'GET /api/admin/returns', surface: 'admin', path: () => '/api/admin/returns?status=requested' },
  { route: 'GET /api/admin/returns/{id}', surface: 'admin', resource: true, path: step('') },
  {
    route: 'POST /api/admin/returns/{id}/approve',
    surface: 'admin',
    resource: true,
    path: step('/approve'),
    body: () => ({}),
  },
  {
    route: 'POST /api/admin/returns/{id}/reject',
    surface: 'admin',
    resource: true,
    path: step('/reject'),
    body: () => ({ message: 'Sorry' }),
  },
  {
    route: 'POST /api/admin/returns/{id}/receive',
    surface: 'admin',
    resource: true,
    path: step('/receive'),
    body: () => ({ restock: true }),
  },
  {
    route: 'POST /api/admin/returns/{id}/refund',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: step('/refund'),
    body: () => ({}),
  },
  {
    route: 'POST /api/store/orders/{id}/returns',
    surface: 'customer',
    path: async (p, s) => `/api/store/orders/${await orderIn(p, s)}/returns`,
    body: () => ({
      lines: [{ orderLineId: '00000000-0000-4000-8000-000000000000', quantity: 1, reason: 'damaged' }],
    }),
  },
]);
