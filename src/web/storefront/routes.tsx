/**
 * The storefront's shopping pages on a store host, mounted by src/web/routes.ts:
 *   /collections, /collections/:handle, /search, /products/:handle,
 *   /cart (+ form posts), /checkout (+ post), /orders/:id/confirmation,
 *   /account, /account/register, /account/login, /account/logout,
 *   /robots.txt, /favicon.svg, /favicon.ico, /manifest.webmanifest (store and apex), /sitemap.xml.
 * On the apex these paths do not exist (404), except robots.txt. A suspended
 * store shows B1's "store unavailable" page (503) instead of any page.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import {
  accountPage,
  loginAction,
  loginPage,
  logoutAction,
  registerAction,
  registerPage,
} from './account-pages.js';
import { addToCartAction, cartPage, removeCartAction, updateCartAction } from './cart-pages.js';
import { collectionPage, collectionsIndexPage, searchPage } from './catalog-pages.js';
import { checkoutAction, checkoutPage } from './checkout-pages.js';
import { faviconSvg, webManifest } from './icons.js';
import { confirmationPage } from './order-confirmation.js';
import { productPage } from './product-page.js';
import { robotsTxt, sitemapXml } from './seo.js';
import { storeOnly } from './store-only.js';

export const storefrontShopRoutes = new Hono<AppEnv>();

storefrontShopRoutes.get('/robots.txt', robotsTxt);
storefrontShopRoutes.get('/sitemap.xml', sitemapXml);
storefrontShopRoutes.get('/favicon.svg', faviconSvg);
storefrontShopRoutes.get('/favicon.ico', faviconSvg);
storefrontShopRoutes.get('/manifest.webmanifest', webManifest);

for (const path of [
  '/collections',
  '/collections/*',
  '/search',
  '/products/*',
  '/cart',
  '/cart/*',
  '/checkout',
  '/orders/*',
]) {
  storefrontShopRoutes.use(path, storeOnly);
}
storefrontShopRoutes.get('/collections', collectionsIndexPage);
storefrontShopRoutes.get('/collections/:handle', collectionPage);
storefrontShopRoutes.get('/search', searchPage);
storefrontShopRoutes.get('/products/:handle', productPage);
storefrontShopRoutes.get('/cart', cartPage);
storefrontShopRoutes.post('/cart/items', addToCartAction);
storefrontShopRoutes.post('/cart/items/:variantId', updateCartAction);
storefrontShopRoutes.post('/cart/items/:variantId/remove', removeCartAction);
storefrontShopRoutes.get('/checkout', checkoutPage);
storefrontShopRoutes.post('/checkout', checkoutAction);
storefrontShopRoutes.get('/orders/:id/confirmation', confirmationPage);
storefrontShopRoutes.get('/account', accountPage);
storefrontShopRoutes.get('/account/login', loginPage);
storefrontShopRoutes.post('/account/login', loginAction);
storefrontShopRoutes.get('/account/register', registerPage);
storefrontShopRoutes.post('/account/register', registerAction);
storefrontShopRoutes.post('/account/logout', logoutAction);
