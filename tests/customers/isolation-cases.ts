/** Security cases for shopper-only routes (run by tests/security/isolation.test.ts). */
import { defineIsolationCases } from '../support/isolation.js';

export default defineIsolationCases([
  { route: 'GET /api/store/customers/me', surface: 'customer', path: () => '/api/store/customers/me' },
]);
