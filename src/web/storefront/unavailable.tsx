/**
 * "Store unavailable": what every storefront page of a suspended store shows
 * (status 503, set by the caller). Deliberately minimal — no navigation,
 * search or cart, which would only lead to more unavailable pages. A store its
 * owner is closing (flows/store-closing.ts) shows "This store is closed" (410).
 */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { getStoreClosing } from '../../flows/store-closing.js';
import type { AppEnv } from '../../lib/http/context.js';
import { UI_CSS } from '../assets/ui-css.js';
import { DEFAULT_THEME, themeCss } from './layout.js';

/** The bare page a store shows instead of its storefront: no navigation, search or cart. */
function StoreMessagePage(props: { title: string; children: Child }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{props.title}</title>
          <style dangerouslySetInnerHTML={{ __html: themeCss(DEFAULT_THEME) + UI_CSS }} />
        </head>
        <body>
          <main id="main" class="wrap" style="max-width:40rem;padding-top:4rem">
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

export function StoreUnavailablePage(props: { storeName: string }) {
  return (
    <StoreMessagePage title={`${props.storeName} is unavailable`}>
      <h1>Store unavailable</h1>
      <p>
        <strong>{props.storeName}</strong> is not open for business at the moment. Please check back later.
      </p>
      <p class="muted">If you own this store, sign in to your store admin to find out more.</p>
    </StoreMessagePage>
  );
}

/** A store its owner closed (issue #17): shown while its grace period runs, until it is purged or reopened. */
function StoreClosedPage(props: { storeName: string }) {
  return (
    <StoreMessagePage title={`${props.storeName} is closed`}>
      <h1>This store is closed</h1>
      <p>
        <strong>{props.storeName}</strong> has closed and no longer takes orders. Thank you for shopping here.
      </p>
      <p class="muted">Questions about an earlier order? Reply to its confirmation e-mail.</p>
    </StoreMessagePage>
  );
}

/**
 * The 503 response for any storefront page of a suspended store (use from any storefront router);
 * a store its owner closed answers with its "closed" page instead (410).
 */
export async function storeUnavailableResponse(c: Context<AppEnv>): Promise<Response> {
  const site = c.get('site');
  const name = site.kind === 'store' ? site.tenant.name : 'This store';
  // Closed by its owner (a closing store is suspended): "closed", 410 Gone; checkout and the store API refuse.
  if (site.kind === 'store' && (await getStoreClosing(c.get('deps'), site.tenant.id))) {
    c.header('cache-control', 'no-store');
    return c.html(<StoreClosedPage storeName={name} />, 410);
  }
  c.header('retry-after', '3600');
  c.header('cache-control', 'no-store');
  return c.html(<StoreUnavailablePage storeName={name} />, 503);
}
