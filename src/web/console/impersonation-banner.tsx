/**
 * The banner every admin page shows while a platform admin is signed in as
 * the store's owner (support impersonation): who, why, minutes left, and a
 * button that ends it. Inserted with ONE line in the admin shell
 * (src/web/admin/layout.tsx); reads the request through hono's context
 * storage, so it needs no props. Renders nothing for ordinary sessions.
 */
import { getContext } from 'hono/context-storage';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { findLiveImpersonation } from '../../modules/console/impersonation.js';

const BANNER_STYLE =
  'background:#7c2d12;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between';

export async function ImpersonationBanner() {
  const c = getContext<AppEnv>();
  const site = c.get('site');
  const session = c.get('pageSession');
  if (site?.kind !== 'store' || !session || session.subject !== 'user') return null;
  const live = await findLiveImpersonation(c.get('deps'), site.tenant.id, session.id);
  if (!live) return null;
  return (
    <div role="alert" class="impersonation-banner" style={BANNER_STYLE}>
      <span>
        <strong>Support session:</strong> {live.adminEmail} is signed in as this store's owner ·{' '}
        {live.minutesLeft} min left · reason: {live.reason}
      </span>
      <form method="post" action="/admin/impersonation/end" style="margin:0">
        {csrfInput(c)}
        <button class="btn btn-secondary" type="submit" style="color:#fff;border-color:#fff">
          End support session
        </button>
      </form>
    </div>
  );
}
