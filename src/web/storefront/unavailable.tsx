/**
 * "Store unavailable": what every storefront page of a suspended store shows
 * (status 503, set by the caller). Deliberately minimal — no navigation,
 * search or cart, which would only lead to more unavailable pages.
 */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../lib/http/context.js';
import { UI_CSS } from '../assets/ui-css.js';
import { DEFAULT_THEME, themeCss } from './layout.js';
import { storeClosedResponse } from './store-closed.js';

export function StoreUnavailablePage(props: { storeName: string }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${props.storeName} is unavailable`}</title>
          <style dangerouslySetInnerHTML={{ __html: themeCss(DEFAULT_THEME) + UI_CSS }} />
        </head>
        <body>
          <main id="main" class="wrap" style="max-width:40rem;padding-top:4rem">
            <h1>Store unavailable</h1>
            <p>
              <strong>{props.storeName}</strong> is not open for business at the moment. Please check back
              later.
            </p>
            <p class="muted">If you own this store, sign in to your store admin to find out more.</p>
          </main>
        </body>
      </html>
    </>
  );
}

/**
 * The 503 response for any storefront page of a suspended store (use from any storefront router);
 * a store its owner closed answers with its "closed" page instead (store-closed.tsx).
 */
export async function storeUnavailableResponse(c: Context<AppEnv>): Promise<Response> {
  const closed = await storeClosedResponse(c);
  if (closed) return closed;
  const site = c.get('site');
  const name = site.kind === 'store' ? site.tenant.name : 'This store';
  c.header('retry-after', '3600');
  c.header('cache-control', 'no-store');
  return c.html(<StoreUnavailablePage storeName={name} />, 503);
}
