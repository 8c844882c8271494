/**
 * The surfaces of the application and the routers each one mounts, in the
 * order they are mounted. createApp (src/app.ts) owns the request path (the
 * middleware and the route-family guards); a module adds its routes HERE, to
 * the surface they belong to, without touching createApp.
 *
 * Order matters only within a surface (a router's parameter route may shadow
 * a later router's static one on the same path family); surfaces have
 * disjoint path families (/admin pages, /api/admin, /api/store, the apex
 * APIs), and the storefront/admin page router (webRoutes) stays last because
 * its pages reach into every family of pages.
 */
import { checkoutStoreRoutes, quoteStoreRoutes } from './flows/checkout-routes.js';
import { shopperPrivacyRoutes } from './flows/shopper-privacy-routes.js';
import { signupFlowRoutes } from './flows/signup-routes.js';
import { storeClosingAdminRoutes } from './flows/store-closing-routes.js';
import { alertsAdminRoutes } from './modules/alerts/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { billingAdminRoutes, billingConsoleRoutes } from './modules/billing/routes.js';
import { cartStoreRoutes } from './modules/cart/routes.js';
import { catalogAdminRoutes } from './modules/catalog/admin-routes.js';
import { categoryAdminRoutes } from './modules/catalog/category-routes.js';
import { catalogStoreRoutes } from './modules/catalog/store-routes.js';
import {
  checkoutSettingsAdminRoutes,
  checkoutSettingsStoreRoutes,
} from './modules/checkout-settings/routes.js';
import { consoleRoutes } from './modules/console/routes.js';
import { customerStoreRoutes } from './modules/customers/routes.js';
import { domainsAdminRoutes } from './modules/domains/admin-routes.js';
import { inventoryAdminRoutes } from './modules/inventory/routes.js';
import { jobsConsoleRoutes } from './modules/jobs/routes.js';
import { ordersAdminRoutes } from './modules/orders/admin-routes.js';
import { ordersStoreRoutes } from './modules/orders/store-routes.js';
import { paymentSettingsAdminRoutes } from './modules/payment-settings/admin-routes.js';
import { paymentsAdminRoutes, paymentsStoreRoutes } from './modules/payments/routes.js';
import { pricingAdminRoutes } from './modules/pricing/routes.js';
import { pricingRulesRoutes } from './modules/pricing/rules-routes.js';
import { promotionRulesRoutes } from './modules/promotion-rules/routes.js';
import { recommendationsAdminRoutes } from './modules/recommendations/admin-routes.js';
import { recommendationsStoreRoutes } from './modules/recommendations/store-routes.js';
import { restockAdminRoutes } from './modules/restock/routes.js';
import { restockSalesHistoryRoutes } from './modules/restock/sales-history-routes.js';
import { restockSupplierRoutes } from './modules/restock/supplier-routes.js';
import { returnsAdminRoutes } from './modules/returns/admin-routes.js';
import { returnsStoreRoutes } from './modules/returns/store-routes.js';
import { reviewsAdminRoutes } from './modules/reviews/admin-routes.js';
import { reviewsStoreRoutes } from './modules/reviews/store-routes.js';
import { settlementAdminRoutes } from './modules/settlement/routes.js';
import { signupRoutes } from './modules/signup/routes.js';
import { staffAdminRoutes, staffApexRoutes } from './modules/staff/routes.js';
import { storesAdminRoutes } from './modules/stores/admin-routes.js';
import { stripeWebhookRoutes } from './modules/stripe-events/routes.js';
import { ticketsAdminRoutes } from './modules/tickets/admin-routes.js';
import { ticketsStoreRoutes } from './modules/tickets/store-routes.js';
import { webhooksAdminRoutes } from './modules/webhooks/routes.js';
import { alertsAdminPages } from './web/admin/alerts.js';
import { careFeedbackAdminPages } from './web/admin/care-feedback.js';
import { careReturnsAdminPages } from './web/admin/care-returns.js';
import { careReviewsAdminPages } from './web/admin/care-reviews.js';
import { careTicketsAdminPages } from './web/admin/care-tickets.js';
import { pricingAdminPages } from './web/admin/pricing.js';
import { restockAdminPages } from './web/admin/restock.js';
import { webhooksAdminPages } from './web/admin/webhooks.js';
import { jobsConsolePages } from './web/console/jobs.js';

export interface Surface {
  name: string;
  /** What the surface serves, for the reader. */
  serves: string;
  routers: readonly { routes: unknown }[];
}

export const SURFACES: readonly Surface[] = [
  {
    name: 'admin and console pages (module-owned)',
    serves: '/admin/… and /console/… pages of the modules that render their own',
    routers: [
      pricingAdminPages,
      restockAdminPages,
      alertsAdminPages,
      careTicketsAdminPages,
      careReviewsAdminPages,
      careReturnsAdminPages,
      careFeedbackAdminPages,
      webhooksAdminPages,
      jobsConsolePages,
    ],
  },
  {
    name: 'admin API',
    serves: '/api/admin/* on a store host (members only)',
    routers: [
      alertsAdminRoutes,
      webhooksAdminRoutes,
      pricingAdminRoutes,
      pricingRulesRoutes,
      restockAdminRoutes,
      restockSupplierRoutes,
      restockSalesHistoryRoutes,
      staffAdminRoutes,
      billingAdminRoutes,
      paymentsAdminRoutes,
      settlementAdminRoutes,
      paymentSettingsAdminRoutes,
      promotionRulesRoutes,
      ordersAdminRoutes,
      reviewsAdminRoutes,
      ticketsAdminRoutes,
      returnsAdminRoutes,
      checkoutSettingsAdminRoutes,
      storesAdminRoutes,
      catalogAdminRoutes,
      categoryAdminRoutes,
      inventoryAdminRoutes,
      recommendationsAdminRoutes,
      domainsAdminRoutes,
      storeClosingAdminRoutes,
    ],
  },
  {
    name: 'store API',
    serves: '/api/store/* on a store host (503 when the store is suspended)',
    routers: [
      customerStoreRoutes,
      paymentsStoreRoutes,
      cartStoreRoutes,
      checkoutStoreRoutes,
      quoteStoreRoutes,
      ordersStoreRoutes,
      reviewsStoreRoutes,
      ticketsStoreRoutes,
      // also the admin's /api/admin/customers/{id}/data|erase (one flow, both sides)
      shopperPrivacyRoutes,
      returnsStoreRoutes,
      checkoutSettingsStoreRoutes,
      catalogStoreRoutes,
      recommendationsStoreRoutes,
    ],
  },
  {
    name: 'platform API',
    serves: '/api/signup, /api/stores, /api/auth/*, /api/staff/*, /api/console/*, /webhooks/* on the apex',
    routers: [
      jobsConsoleRoutes,
      authRoutes,
      staffApexRoutes,
      consoleRoutes,
      stripeWebhookRoutes,
      billingConsoleRoutes,
      signupRoutes,
      signupFlowRoutes,
    ],
  },
];
