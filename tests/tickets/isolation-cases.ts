/** Security cases for the ticket routes (admin inbox and the shopper's own tickets). */
import { createCannedReply } from '../../src/modules/tickets/canned.js';
import { ticketIn } from '../support/care.js';
import { defineIsolationCases } from '../support/isolation.js';

type P = Parameters<typeof ticketIn>[0];
type S = Parameters<typeof ticketIn>[1];
const cannedIn = async (p: P, s: S) =>
  `/api/admin/canned-replies/${(await createCannedReply(p.deps.db, s.tenant.id, { title: 'Hi', body: 'Hello!' })).id}`;
const adminTicket =
  (suffix = '') =>
  async (p: P, s: S) =>
    `/api/admin/tickets/${(await ticketIn(p, s)).id}${suffix}`;

export default defineIsolationCases([
  { route: 'GET /api/admin/tickets', surface: 'admin', path: () => '/api/admin/tickets?assignee=none' },
  { route: 'GET /api/admin/tickets/{id}', surface: 'admin', resource: true, path: adminTicket() },
  {
    route: 'POST /api/admin/tickets/{id}/messages',
    surface: 'admin',
    resource: true,
    path: adminTicket('/messages'),
    body: () => ({ body: 'We are on it', internal: true }),
  },
  {
    route: 'PATCH /api/admin/tickets/{id}',
    surface: 'admin',
    resource: true,
    path: adminTicket(),
    body: () => ({ status: 'pending' }),
  },
  { route: 'GET /api/admin/canned-replies', surface: 'admin', path: () => '/api/admin/canned-replies' },
  {
    route: 'POST /api/admin/canned-replies',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/canned-replies',
    body: () => ({ title: 'Thanks', body: 'Thanks for writing!' }),
  },
  {
    route: 'PUT /api/admin/canned-replies/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: cannedIn,
    body: () => ({ title: 'Thanks', body: 'Thanks again!' }),
  },
  {
    route: 'DELETE /api/admin/canned-replies/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: cannedIn,
  },
  { route: 'GET /api/store/tickets', surface: 'customer', path: () => '/api/store/tickets' },
  {
    route: 'GET /api/store/tickets/{id}',
    surface: 'customer',
    path: async (p, s) => `/api/store/tickets/${(await ticketIn(p, s)).id}`,
  },
  {
    route: 'POST /api/store/tickets/{id}/messages',
    surface: 'customer',
    path: async (p, s) => `/api/store/tickets/${(await ticketIn(p, s)).id}/messages`,
    body: () => ({ body: 'Any news?' }),
  },
]);
