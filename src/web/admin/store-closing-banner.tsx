/**
 * The banner every admin page shows while the store is closing: the purge
 * date and "Reopen store". Inserted with ONE line in the admin shell
 * (src/web/admin/layout.tsx), like the support-session banner; reads the
 * request through hono's context storage. Costs a query only for a store
 * that is suspended (closing stores are), nothing for an active one.
 */
import { getContext } from 'hono/context-storage';
import { getStoreClosing } from '../../flows/store-closing.js';
import { formatDate } from '../../lib/dates.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';

/** A purge date as the merchant reads it ("3 January 2027"). */
export const closingDate = (d: Date) =>
  formatDate(d, 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const BANNER_STYLE =
  'display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;margin-bottom:1rem';

export async function StoreClosingBanner() {
  const c = getContext<AppEnv>();
  const site = c.get('site');
  if (site?.kind !== 'store' || site.tenant.status !== 'suspended') return null;
  const closing = await getStoreClosing(c.get('deps'), site.tenant.id);
  if (!closing) return null;
  const owner = c.get('role') === 'owner';
  return (
    <div role="alert" class="notice error closing-banner" style={BANNER_STYLE}>
      <span>
        <strong>This store is closed.</strong> Shoppers see a "closed" page. Its data will be deleted after{' '}
        <strong>{closingDate(closing.purgeAfter)}</strong>.
      </span>
      {owner ? (
        <form method="post" action="/admin/store-data/reopen" style="margin:0">
          {csrfInput(c)}
          <button class="btn" type="submit">
            Reopen store
          </button>
        </form>
      ) : (
        <span>Only the store's owner can reopen it.</span>
      )}
    </div>
  );
}
