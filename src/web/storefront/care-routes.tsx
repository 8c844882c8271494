/**
 * Customer-care pages of the storefront (store host only; a suspended store
 * shows its unavailable page): reviews' form posts, contact and tickets,
 * the satisfaction survey, and returns. Mounted by src/web/routes.ts.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { returnsAction, returnsPage } from './returns-pages.js';
import { helpfulAction, postReviewAction, reviewRequestPage } from './review-actions.js';
import {
  confirmPage,
  contactAction,
  contactPage,
  feedbackAction,
  feedbackPage,
  myTicketsPage,
  ticketPage,
  ticketReplyAction,
} from './tickets-pages.js';
import { storeUnavailableResponse } from './unavailable.js';

const storeOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const site = c.get('site');
  if (site.kind !== 'store') throw new AppError('not_found', 'Not found');
  if (site.tenant.status !== 'active') return storeUnavailableResponse(c);
  return next();
};

export const storefrontCareRoutes = new Hono<AppEnv>();
for (const path of [
  '/contact',
  '/support/*',
  '/account/tickets',
  '/reviews/*',
  '/products/:handle/reviews',
  '/orders/:id/returns',
]) {
  storefrontCareRoutes.use(path, storeOnly);
}
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
