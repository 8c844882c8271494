/**
 * Console page "Revenue" (apex, platform admins): billing per store — plan, status, MRR —
 * and the platform's total MRR. Same figures as GET /api/console/billing.
 */
import { type Context, Hono } from 'hono';
import { requirePageUser } from '../../http/session.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, requirePlatformAdmin } from '../../lib/http/middleware.js';
import { getConsoleBilling } from '../../modules/billing/console.js';
import { money } from '../admin/billing.js';
import { ConsoleLayout } from './layout.js';

async function consoleBillingPage(c: Context<AppEnv>) {
  const r = await getConsoleBilling(c.get('deps'));
  return c.html(
    <ConsoleLayout title="Revenue" current="revenue">
      {!r.configured ? (
        <p>Billing is not configured (no Stripe keys): every store is on the developer plan.</p>
      ) : null}
      <p>
        Total MRR: <strong data-testid="total-mrr">{money(r.totalMrr, r.currency)}</strong> across{' '}
        {r.items.length} stores.
      </p>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col">Plan</th>
              <th scope="col">Subscription</th>
              <th scope="col">Store status</th>
              <th scope="col" style="text-align:right">
                MRR
              </th>
            </tr>
          </thead>
          <tbody>
            {r.items.map((i) => (
              <tr>
                <th scope="row">
                  <a href={`/console/tenants/${i.tenantId}`}>{i.name}</a>{' '}
                  <span class="muted">({i.handle})</span>
                </th>
                <td>{i.plan}</td>
                <td>{i.status.replace('_', ' ')}</td>
                <td>{i.storeStatus}</td>
                <td style="text-align:right">{money(i.mrr, r.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ConsoleLayout>,
  );
}

/** Mounted by src/web/routes.ts. */
export const consoleBillingPages = new Hono<AppEnv>().get(
  '/console/billing',
  onlyOn('apex'),
  requirePageUser('/login'),
  requirePlatformAdmin(),
  consoleBillingPage,
);
