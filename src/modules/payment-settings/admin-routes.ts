/**
 * Admin API: GET/PATCH /api/admin/settings/payments (contract v2). Reads:
 * staff; writes: admin. `stripe.connected` is the payments module's answer
 * (a charges-enabled connected account); a PATCH cannot change it.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../lib/http/context.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent } from '../../lib/http/openapi.js';
import { actorOf } from '../catalog/actor.js';
import { cardPaymentsEnabled } from '../payments/connect.js';
import { type PaymentSettingsBody, ZPaymentSettings, ZUpdatePaymentSettings } from './schemas.js';
import { getManualSettings, type ManualPaymentSettings, updateManualSettings } from './service.js';

const tags = ['Admin: payment settings'];
const path = '/api/admin/settings/payments';

/** The contract's body: the manual settings and whether card payments are live. */
export async function paymentSettingsBody(
  deps: Deps,
  tenantId: string,
  manual?: ManualPaymentSettings,
): Promise<PaymentSettingsBody> {
  const [m, connected] = await Promise.all([
    manual ?? getManualSettings(deps.db, tenantId),
    cardPaymentsEnabled(deps, tenantId),
  ]);
  return { manual: m, stripe: { connected } };
}

export const paymentSettingsAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path,
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')],
      responses: { 200: jsonContent(ZPaymentSettings, 'Payment settings'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await paymentSettingsBody(c.get('deps'), storeOf(c).id), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path,
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')],
      request: { body: jsonBody(ZUpdatePaymentSettings) },
      responses: {
        200: jsonContent(ZPaymentSettings, 'The updated settings'),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const tenantId = storeOf(c).id;
      const manual = await updateManualSettings(deps.db, tenantId, c.req.valid('json'), deps.now(), {
        id: null,
        ...actorOf(c),
      });
      return c.json(await paymentSettingsBody(deps, tenantId, manual), 200);
    },
  );
