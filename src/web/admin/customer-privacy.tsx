/**
 * A customer's data from the admin customer page (mounted by customers.tsx):
 *   GET  /admin/customers/:id/data.json  their data as they would download it (staff+)
 *   POST /admin/customers/:id/erase      erase their personal data for them (admin+, confirm step)
 * and the "Privacy & data" card the customer page shows.
 */
import { type Context, Hono } from 'hono';
import { erasedEmail, eraseShopperData, exportShopperData } from '../../flows/shopper-privacy.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { Badge, Card, ConfirmDialog } from '../components/ui.js';
import { adminGuard } from './layout.js';

type Ctx = Context<AppEnv>;

export const PRIVACY_NOTICES = {
  erased: 'Customer data erased; they were e-mailed a confirmation.',
} as const;

/** True for a customer whose data was erased (the row carries the undeliverable placeholder address). */
export const isErased = (customer: { id: string; email: string }) =>
  customer.email === erasedEmail(customer.id);

export function PrivacyCard(props: { c: Ctx; customerId: string; email: string }) {
  const erased = isErased({ id: props.customerId, email: props.email });
  return (
    <Card title="Privacy & data" id="privacy">
      {erased ? (
        <p>
          <Badge tone="neutral">Data erased</Badge> Orders stay for the books, without personal data.
        </p>
      ) : (
        <p class="muted">Download what the store holds about this customer, or erase it at their request.</p>
      )}
      <div class="form-actions">
        <a class="btn btn-secondary" href={`/admin/customers/${props.customerId}/data.json`} download>
          Download data (JSON)
        </a>
        {erased ? null : (
          <ConfirmDialog
            action={`/admin/customers/${props.customerId}/erase`}
            csrf={csrfInput(props.c)}
            label="Erase customer data"
            message="Erase this customer's name, e-mail, addresses, messages and review names? Orders and amounts stay. They will be e-mailed. This cannot be undone."
            confirmLabel="Yes, erase their data"
          />
        )}
      </div>
    </Card>
  );
}

async function dataJson(c: Ctx) {
  const t = storeOf(c);
  const id = c.req.param('id') ?? '';
  const data = await exportShopperData(c.get('deps').db, t, id);
  return c.body(JSON.stringify(data, null, 2), 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="customer-${id}.json"`,
    'cache-control': 'no-store',
  });
}

async function erase(c: Ctx) {
  const id = c.req.param('id') ?? '';
  const p = c.get('principal');
  await eraseShopperData(c.get('deps'), storeOf(c), id, {
    type: 'user',
    id: p?.kind === 'user' ? p.userId : null,
  });
  return c.redirect(`/admin/customers/${id}?notice=erased`, 303);
}

const UUID = '{[0-9a-fA-F-]{36}}';
export const adminCustomerPrivacyPages = new Hono<AppEnv>();
adminCustomerPrivacyPages.get(`/admin/customers/:id${UUID}/data.json`, ...adminGuard('staff'), dataJson);
adminCustomerPrivacyPages.post(`/admin/customers/:id${UUID}/erase`, ...adminGuard('admin'), erase);
