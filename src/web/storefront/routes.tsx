/**
 * The storefront's shopping pages on a store host, mounted by src/web/routes.ts:
 *   /collections, /collections/:handle, /search, /products/:handle,
 *   /cart (+ form posts), /checkout (+ post), /orders/:id/confirmation,
 *   /account, /account/register, /account/login, /account/logout,
 *   /account/profile, /account/email, /account/password, /account/verify(/resend),
 *   /account/addresses (+ /new, /:id/edit, /:id, /:id/default, /:id/delete),
 *   /robots.txt, /favicon.svg, /favicon.ico, /manifest.webmanifest (store and apex), /sitemap.xml.
 * On the apex these paths do not exist (404), except robots.txt. A suspended
 * store shows B1's "store unavailable" page (503) instead of any page.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import {
  addressesPage,
  defaultAddressAction,
  deleteAddressAction,
  editAddressPage,
  newAddressPage,
  saveAddressAction,
} from './account-addresses.js';
import { loginAction, loginPage, logoutAction, registerAction, registerPage } from './account-auth-pages.js';
import { accountPage } from './account-pages.js';
import {
  profileEmailAction,
  profileNameAction,
  profilePage,
  profilePasswordAction,
  resendVerificationAction,
  verifyAction,
  verifyPage,
} from './account-profile.js';
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
  '/account/profile',
  '/account/email',
  '/account/password',
  '/account/verify',
  '/account/verify/*',
  '/account/addresses',
  '/account/addresses/*',
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
// Profile, e-mail verification and saved addresses (issue #13 point 7).
storefrontShopRoutes.get('/account/profile', profilePage);
storefrontShopRoutes.post('/account/profile', profileNameAction);
storefrontShopRoutes.post('/account/email', profileEmailAction);
storefrontShopRoutes.post('/account/password', profilePasswordAction);
storefrontShopRoutes.post('/account/verify/resend', resendVerificationAction);
storefrontShopRoutes.get('/account/verify', verifyPage);
storefrontShopRoutes.post('/account/verify', verifyAction);
storefrontShopRoutes.get('/account/addresses', addressesPage);
storefrontShopRoutes.get('/account/addresses/new', newAddressPage);
storefrontShopRoutes.post('/account/addresses', saveAddressAction);
storefrontShopRoutes.get('/account/addresses/:id/edit', editAddressPage);
storefrontShopRoutes.post('/account/addresses/:id', saveAddressAction);
storefrontShopRoutes.post('/account/addresses/:id/default', defaultAddressAction);
storefrontShopRoutes.post('/account/addresses/:id/delete', deleteAddressAction);
