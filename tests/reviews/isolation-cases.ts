/** Security cases for the review routes (admin moderation and the shopper's posting and votes). */

import { reviewIn } from '../support/care.js';
import { createTestProduct } from '../support/factories.js';
import { defineIsolationCases } from '../support/isolation.js';

const reviewPath =
  (suffix: string) => async (p: Parameters<typeof reviewIn>[0], s: Parameters<typeof reviewIn>[1]) =>
    `/api/admin/reviews/${await reviewIn(p, s)}/${suffix}`;

export default defineIsolationCases([
  { route: 'GET /api/admin/reviews', surface: 'admin', path: () => '/api/admin/reviews?status=pending' },
  {
    route: 'POST /api/admin/reviews/{id}/publish',
    surface: 'admin',
    resource: true,
    path: reviewPath('publish'),
  },
  {
    route: 'POST /api/admin/reviews/{id}/reject',
    surface: 'admin',
    resource: true,
    path: reviewPath('reject'),
  },
  {
    route: 'POST /api/admin/reviews/{id}/reply',
    surface: 'admin',
    resource: true,
    path: reviewPath('reply'),
    body: () => ({ body: 'Thank you!' }),
  },
  {
    route: 'POST /api/store/products/{idOrHandle}/reviews',
    surface: 'customer',
    path: async (p, s) => `/api/store/products/${(await createTestProduct(p.deps, s.tenant.id)).id}/reviews`,
    body: () => ({ rating: 4, body: 'Good' }),
  },
  {
    route: 'POST /api/store/reviews/{id}/helpful',
    surface: 'customer',
    path: async (p, s) => `/api/store/reviews/${await reviewIn(p, s)}/helpful`,
  },
]);
