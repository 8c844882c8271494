/**
 * The storefront's "closed" page (issue #17): a store its owner closed shows
 * this on every page instead of "unavailable" (status 410 Gone while the
 * grace period runs; checkout and the store API already refuse a store that
 * is not active). Called by store-only.ts for suspended stores only.
 */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import { getStoreClosing } from '../../flows/store-closing.js';
import type { AppEnv } from '../../lib/http/context.js';
import { UI_CSS } from '../assets/ui-css.js';
import { DEFAULT_THEME, themeCss } from './layout.js';

function StoreClosedPage(props: { storeName: string }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${props.storeName} is closed`}</title>
          <style dangerouslySetInnerHTML={{ __html: themeCss(DEFAULT_THEME) + UI_CSS }} />
        </head>
        <body>
          <main id="main" class="wrap" style="max-width:40rem;padding-top:4rem">
            <h1>This store is closed</h1>
            <p>
              <strong>{props.storeName}</strong> has closed and no longer takes orders. Thank you for shopping
              here.
            </p>
            <p class="muted">Questions about an earlier order? Reply to its confirmation e-mail.</p>
          </main>
        </body>
      </html>
    </>
  );
}

/** The "closed" response when the store is closing, else undefined (the caller shows "unavailable"). */
export async function storeClosedResponse(c: Context<AppEnv>): Promise<Response | undefined> {
  const site = c.get('site');
  if (site.kind !== 'store' || site.tenant.status !== 'suspended') return undefined;
  if (!(await getStoreClosing(c.get('deps'), site.tenant.id))) return undefined;
  c.header('cache-control', 'no-store');
  return c.html(<StoreClosedPage storeName={site.tenant.name} />, 410);
}
