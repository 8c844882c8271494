/**
 * Admin page /admin/settings/payments: how the store takes payment without
 * Stripe — manual payment on or off, bank transfer or cash on delivery, the
 * instructions shoppers get on the order page and in the e-mail, and how many
 * days an unpaid order holds its stock. Reads: staff; saving: admin. The same
 * service as GET/PATCH /api/admin/settings/payments.
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { onlyOn, storeOf } from '../../lib/http/middleware.js';
import { paymentSettingsBody } from '../../modules/payment-settings/admin-routes.js';
import { ZUpdatePaymentSettings } from '../../modules/payment-settings/schemas.js';
import { updateManualSettings } from '../../modules/payment-settings/service.js';
import { Button, Card, Checkbox, Field, Select, Textarea } from '../components/ui.js';
import { noticeFrom } from '../notices.js';
import { adminGuard, adminPage } from './layout.js';
import { actorOf } from './settings/shell.js';

type Ctx = Context<AppEnv>;
type Values = { enabled: boolean; method: string; instructions: string; holdDays: string };

const NOTICES = { saved: 'Payment settings saved.' } as const;
const PATH = '/admin/settings/payments';

async function render(c: Ctx, values?: Values, errors: Record<string, string> = {}) {
  const s = await paymentSettingsBody(c.get('deps'), storeOf(c).id);
  const v: Values = values ?? { ...s.manual, holdDays: String(s.manual.holdDays) };
  const canEdit = c.get('role') !== 'staff';
  return adminPage(
    c,
    {
      title: 'Payment settings',
      current: 'settings',
      back: { href: '/admin/settings', label: 'Settings' },
      notice: noticeFrom(c, NOTICES),
      error: Object.keys(errors).length ? 'Please check the highlighted fields.' : undefined,
      status: Object.keys(errors).length ? 400 : 200,
    },
    <>
      <Card title="Card payments">
        <p>
          {s.stripe.connected
            ? 'Stripe is connected: shoppers pay by card at checkout, and unpaid card orders release their stock after 15 minutes.'
            : 'Stripe is not connected, so shoppers pay with the manual method below.'}{' '}
          <a href="/admin/payments">Card payments</a>
        </p>
      </Card>
      <Card title="Manual payment">
        <form method="post" action={PATH}>
          {csrfInput(c)}
          <Checkbox name="enabled" label="Take orders paid outside Storeloom" checked={v.enabled} />
          <Select
            name="method"
            label="How shoppers pay"
            value={v.method}
            error={errors.method}
            hint="With a bank transfer, shoppers pay before you ship."
            options={[
              { value: 'transfer', label: 'Bank transfer' },
              { value: 'cash_on_delivery', label: 'Cash on delivery' },
            ]}
          />
          <Textarea
            name="instructions"
            label="Instructions for shoppers"
            value={v.instructions}
            rows={5}
            maxlength={2000}
            hint="Shown on the order page and in the order e-mail, e.g. your IBAN and to quote the order number."
            error={errors.instructions}
          />
          <Field
            name="holdDays"
            label="Days to wait for payment"
            type="number"
            inputmode="numeric"
            value={v.holdDays}
            hint="An unpaid order keeps its items this long, then it is cancelled. Shoppers are reminded a day before."
            error={errors.holdDays}
          />
          {canEdit ? <Button>Save</Button> : <p class="muted">Only admins can change these settings.</p>}
        </form>
      </Card>
    </>,
  );
}

async function save(c: Ctx) {
  const body = await c.req.parseBody();
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const values: Values = {
    enabled: body.enabled === 'on',
    method: str('method'),
    instructions: str('instructions').slice(0, 5000),
    holdDays: str('holdDays').trim(),
  };
  const errors: Record<string, string> = {};
  const days = /^\d{1,3}$/.test(values.holdDays) ? Number(values.holdDays) : Number.NaN;
  if (!(days >= 1 && days <= 60)) errors.holdDays = 'Enter a whole number of days from 1 to 60.';
  if (values.instructions.trim().length > 2000)
    errors.instructions = 'Keep the instructions under 2,000 characters.';
  const parsed = ZUpdatePaymentSettings.safeParse({
    manual: {
      enabled: values.enabled,
      method: values.method,
      instructions: values.instructions,
      holdDays: days,
    },
  });
  // A value the form cannot produce (e.g. an unknown method) still gets a message, never a silent re-render.
  if (!parsed.success)
    for (const i of parsed.error.issues) errors[String(i.path[1] ?? i.path[0] ?? 'method')] ??= i.message;
  if (Object.keys(errors).length || !parsed.success) return render(c, values, errors);
  const deps = c.get('deps');
  await updateManualSettings(deps.db, storeOf(c).id, parsed.data, deps.now(), actorOf(c));
  return c.redirect(`${PATH}?notice=saved`, 303);
}

/** Mounted by src/web/routes.ts. */
export const paymentSettingsPages = new Hono<AppEnv>()
  .use('/admin/*', onlyOn('store'))
  .get(PATH, ...adminGuard('staff'), (c) => render(c))
  .post(PATH, ...adminGuard('admin'), save);
