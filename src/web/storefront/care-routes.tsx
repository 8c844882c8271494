/**
 * Customer-care pages of the storefront (store host only; a suspended store
 * shows its unavailable page): reviews' form posts, contact and tickets,
 * the satisfaction survey, returns, and the shopper's privacy page
 * (data export, erasure). Mounted by src/web/routes.ts.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { privacyDelete, privacyExport, privacyPage } from './privacy-pages.js';
import { returnsAction, returnsPage } from './returns-pages.js';
import { helpfulAction, postReviewAction, reviewRequestPage } from './review-actions.js';
import { guardStorePaths } from './store-only.js';
import { confirmPage, contactAction, contactPage } from './tickets-contact.js';
import { feedbackAction, feedbackPage } from './tickets-feedback.js';
import { myTicketsPage, ticketPage, ticketReplyAction } from './tickets-thread.js';

export const storefrontCareRoutes = new Hono<AppEnv>();
guardStorePaths(storefrontCareRoutes, [
  '/contact',
  '/support/*',
  '/account/tickets',
  '/account/privacy',
  '/account/privacy/*',
  '/reviews/*',
  '/products/:handle/reviews',
  '/orders/:id/returns',
]);
storefrontCareRoutes.post('/products/:handle/reviews', postReviewAction);
storefrontCareRoutes.get('/reviews/request', reviewRequestPage);
storefrontCareRoutes.post('/reviews/:id/helpful', helpfulAction);
storefrontCareRoutes.get('/contact', contactPage);
storefrontCareRoutes.post('/contact', contactAction);
storefrontCareRoutes.get('/support/confirm', confirmPage);
storefrontCareRoutes.get('/support/tickets/:id', ticketPage);
storefrontCareRoutes.post('/support/tickets/:id', ticketReplyAction);
storefrontCareRoutes.get('/support/feedback/:id', feedbackPage);
storefrontCareRoutes.post('/support/feedback/:id', feedbackAction);
storefrontCareRoutes.get('/account/tickets', myTicketsPage);
storefrontCareRoutes.get('/orders/:id/returns', returnsPage);
storefrontCareRoutes.post('/orders/:id/returns', returnsAction);
storefrontCareRoutes.get('/account/privacy', privacyPage);
storefrontCareRoutes.get('/account/privacy/export.json', privacyExport);
storefrontCareRoutes.post('/account/privacy/delete', privacyDelete);
