/**
 * Admin page /admin/alerts (store host, cookie session): open and recent
 * low-stock alerts. Server-rendered; calls the alerts service only.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { listStoreAlerts } from '../../modules/alerts/service.js';
import { adminGuard, adminPage } from './layout.js';

async function alertsPage(c: Context<AppEnv>) {
  const t = storeOf(c);
  const alerts = await listStoreAlerts(c.get('deps').db, t.id, { limit: 200 });
  const open = alerts.filter((a) => a.status === 'open');
  return adminPage(
    c,
    { title: 'Low-stock alerts', current: 'alerts' },
    <>
      <p>
        {open.length === 0
          ? 'Nothing is running low.'
          : `${open.length} item(s) at or below their threshold.`}
      </p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Available</th>
            <th scope="col">Threshold</th>
            <th scope="col">Status</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr>
              <td>{a.sku}</td>
              <td>{a.available}</td>
              <td>{a.threshold}</td>
              <td>{a.status}</td>
              <td>
                <time datetime={a.createdAt}>{a.createdAt.slice(0, 16).replace('T', ' ')}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
  );
}

export const alertsAdminPages = new Hono<AppEnv>();
alertsAdminPages.get('/admin/alerts', ...adminGuard('staff'), alertsPage);
