/**
 * Admin › Settings › Shipping, Taxes and Discount codes: list, add, delete
 * (behind a confirmation). Amounts are typed in the store's currency and
 * stored as minor units; percentages are typed as percent and stored as
 * basis points. Every change goes through the checkout-settings service
 * (which writes the audit entry).
 */
import { csrfInput } from '../../../lib/http/csrf.js';
import { storeOf } from '../../../lib/http/middleware.js';
import { formatMoney, parseDecimalAmount } from '../../../lib/money.js';
import * as admin from '../../../modules/checkout-settings/admin-service.js';
import {
  ZCreateDiscountCode,
  ZCreateShippingRate,
  ZPutTaxRate,
} from '../../../modules/checkout-settings/schemas.js';
import {
  Button,
  Card,
  Checkbox,
  ConfirmDialog,
  DataTable,
  EmptyState,
  Field,
  Select,
} from '../../components/ui.js';
import { noticeFrom, noticeQuery } from '../../notices.js';
import {
  actorOf,
  attempt,
  type Ctx,
  type Errors,
  errorsOf,
  formOf,
  settingsPage,
  type Typed,
} from './shell.js';

const NOTICES = { added: 'Saved.', deleted: 'Deleted.' } as const;
type Tab = 'shipping' | 'taxes' | 'discounts';
type State = { typed?: Typed; errors?: Errors };

const pct = (bp: number) => `${(bp / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;
/** "7.5" → 750 basis points; null when not a percentage with at most two decimals. */
function basisPoints(text: string | undefined): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec((text ?? '').trim().replace(/\s*%$/, ''));
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0') : null;
}

function page(c: Ctx, tab: Tab, state: State, body: unknown) {
  const failed = state.errors && Object.keys(state.errors).length > 0;
  return settingsPage(
    c,
    tab,
    {
      title: 'Settings',
      notice: noticeFrom(c, NOTICES),
      error: failed ? 'Please fix the fields marked below.' : undefined,
      status: failed ? 400 : 200,
    },
    body as never,
  );
}

function del(c: Ctx, action: string, what: string) {
  return (
    <ConfirmDialog
      action={action}
      csrf={csrfInput(c)}
      label="Delete"
      size="sm"
      message={`Delete ${what}? Checkout stops offering it at once.`}
    />
  );
}

// ── Shipping ───────────────────────────────────────────────────────────────

export async function shippingPage(c: Ctx, state: State = {}): Promise<Response> {
  const cur = storeOf(c).currency;
  const rates = await admin.listShippingRatesForAdmin(c.get('deps').db, storeOf(c).id);
  const t = state.typed ?? {};
  const e = state.errors ?? {};
  return page(
    c,
    'shipping',
    state,
    <>
      <Card title="Shipping rates">
        <DataTable
          caption="Shipping rates"
          rows={rates}
          columns={[
            { key: 'name', label: 'Name', render: (r) => r.name },
            { key: 'amount', label: 'Price', num: true, render: (r) => formatMoney(r.amount, cur) },
            {
              key: 'free',
              label: 'Free from',
              num: true,
              render: (r) => (r.freeAbove == null ? '—' : formatMoney(r.freeAbove, cur)),
            },
            {
              key: 'zone',
              label: 'Ships to',
              render: (r) => (r.countries.length ? r.countries.join(', ') : 'Everywhere'),
            },
            {
              key: 'x',
              label: <span class="visually-hidden">Actions</span>,
              render: (r) => del(c, `/admin/settings/shipping/${r.id}/delete`, `the rate "${r.name}"`),
            },
          ]}
          empty={
            <EmptyState title="No shipping rates yet" body="Customers cannot check out until you add one." />
          }
        />
      </Card>
      <form method="post" action="/admin/settings/shipping" class="card" novalidate>
        {csrfInput(c)}
        <h2>Add a rate</h2>
        <div class="form-grid">
          <Field
            name="name"
            label="Name"
            required
            value={t.name}
            error={e.name}
            placeholder="Standard"
            maxlength={100}
          />
          <Field
            name="amount"
            label={`Price (${cur})`}
            required
            inputmode="decimal"
            value={t.amount}
            error={e.amount}
            placeholder="5.00"
          />
          <Field
            name="freeAbove"
            label={`Free from (${cur})`}
            inputmode="decimal"
            value={t.freeAbove}
            error={e.freeAbove}
            hint="Optional: orders at or above this ship free."
          />
          <Field
            name="countries"
            label="Ships to (zone)"
            value={t.countries}
            error={e.countries}
            hint="Country codes separated by commas, e.g. US, CA. Empty: everywhere."
          />
        </div>
        <Button>Add rate</Button>
      </form>
    </>,
  );
}

export async function addShipping(c: Ctx): Promise<Response> {
  const typed = await formOf(c);
  const cur = storeOf(c).currency;
  const errors: Errors = {};
  const amount = parseDecimalAmount(typed.amount ?? '', cur);
  if (amount === null) errors.amount = 'Enter a price like 5.00';
  const free = typed.freeAbove?.trim() ? parseDecimalAmount(typed.freeAbove, cur) : undefined;
  if (free === null) errors.freeAbove = 'Enter an amount like 100.00, or leave it empty';
  const countries = (typed.countries ?? '').split(/[\s,]+/).filter(Boolean);
  const input = ZCreateShippingRate.safeParse({
    name: typed.name ?? '',
    amount: amount ?? 0,
    freeAbove: free ?? null,
    countries,
  });
  if (!input.success) Object.assign(errors, { ...errorsOf(input.error), ...errors });
  if (Object.keys(errors).length || !input.success) return shippingPage(c, { typed, errors });
  const res = await attempt(() =>
    admin.createShippingRateForAdmin(c.get('deps').db, storeOf(c).id, input.data, actorOf(c)),
  );
  if ('errors' in res) return shippingPage(c, { typed, errors: res.errors });
  return c.redirect(`/admin/settings/shipping${noticeQuery(NOTICES, 'added')}`, 303);
}

export async function deleteShipping(c: Ctx): Promise<Response> {
  await admin.deleteShippingRateForAdmin(
    c.get('deps').db,
    storeOf(c).id,
    c.req.param('id') ?? '',
    actorOf(c),
  );
  return c.redirect(`/admin/settings/shipping${noticeQuery(NOTICES, 'deleted')}`, 303);
}

// ── Taxes ──────────────────────────────────────────────────────────────────

export async function taxesPage(c: Ctx, state: State = {}): Promise<Response> {
  const rates = await admin.listTaxRatesForAdmin(c.get('deps').db, storeOf(c).id);
  const t = state.typed ?? {};
  const e = state.errors ?? {};
  return page(
    c,
    'taxes',
    state,
    <>
      <Card title="Tax rates by country">
        <DataTable
          caption="Tax rates"
          rows={rates}
          columns={[
            { key: 'country', label: 'Country', render: (r) => r.country },
            { key: 'rate', label: 'Rate', num: true, render: (r) => pct(r.rate) },
            {
              key: 'incl',
              label: 'Prices',
              render: (r) => (r.inclusive ? 'Include tax' : 'Tax added at checkout'),
            },
            {
              key: 'x',
              label: <span class="visually-hidden">Actions</span>,
              render: (r) =>
                del(c, `/admin/settings/taxes/${r.country}/delete`, `the tax rate for ${r.country}`),
            },
          ]}
          empty={<EmptyState title="No tax rates" body="Without a rate, checkout charges no tax." />}
        />
      </Card>
      <form method="post" action="/admin/settings/taxes" class="card" novalidate>
        {csrfInput(c)}
        <h2>Set a rate</h2>
        <div class="form-grid">
          <Field
            name="country"
            label="Country code"
            required
            value={t.country}
            error={e.country}
            placeholder="DE"
            maxlength={2}
          />
          <Field
            name="rate"
            label="Rate (%)"
            required
            inputmode="decimal"
            value={t.rate}
            error={e.rate}
            placeholder="19"
          />
        </div>
        <Checkbox
          name="inclusive"
          label="My prices already include this tax"
          checked={t.inclusive === 'on'}
        />
        <Button>Save rate</Button>
      </form>
    </>,
  );
}

export async function putTax(c: Ctx): Promise<Response> {
  const typed = await formOf(c);
  const errors: Errors = {};
  const country = (typed.country ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) errors.country = 'A two-letter country code such as DE';
  const rate = basisPoints(typed.rate);
  if (rate === null || rate > 10_000) errors.rate = 'A percentage between 0 and 100, e.g. 19 or 7.5';
  const input = ZPutTaxRate.safeParse({ rate: rate ?? 0, inclusive: typed.inclusive === 'on' });
  if (Object.keys(errors).length || !input.success) return taxesPage(c, { typed, errors });
  const res = await attempt(() =>
    admin.putTaxRateForAdmin(c.get('deps').db, storeOf(c).id, country, input.data, actorOf(c)),
  );
  if ('errors' in res) return taxesPage(c, { typed, errors: res.errors });
  return c.redirect(`/admin/settings/taxes${noticeQuery(NOTICES, 'added')}`, 303);
}

export async function deleteTax(c: Ctx): Promise<Response> {
  await admin.deleteTaxRateForAdmin(
    c.get('deps').db,
    storeOf(c).id,
    (c.req.param('country') ?? '').toUpperCase(),
    actorOf(c),
  );
  return c.redirect(`/admin/settings/taxes${noticeQuery(NOTICES, 'deleted')}`, 303);
}

// ── Discount codes ─────────────────────────────────────────────────────────

export async function discountsPage(c: Ctx, state: State = {}): Promise<Response> {
  const cur = storeOf(c).currency;
  const codes = await admin.listDiscountCodesForAdmin(c.get('deps').db, storeOf(c).id);
  const t = state.typed ?? {};
  const e = state.errors ?? {};
  return page(
    c,
    'discounts',
    state,
    <>
      <Card title="Discount codes">
        <DataTable
          caption="Discount codes"
          rows={codes}
          columns={[
            { key: 'code', label: 'Code', render: (d) => <code>{d.code}</code> },
            {
              key: 'value',
              label: 'Discount',
              render: (d) => (d.kind === 'percentage' ? pct(d.value) : formatMoney(d.value, cur)),
            },
            {
              key: 'used',
              label: 'Used',
              num: true,
              render: (d) => `${d.usedCount}${d.usageLimit ? ` of ${d.usageLimit}` : ''}`,
            },
            { key: 'active', label: 'Status', render: (d) => (d.active ? 'Active' : 'Off') },
            {
              key: 'x',
              label: <span class="visually-hidden">Actions</span>,
              render: (d) => del(c, `/admin/settings/discounts/${d.id}/delete`, `the code ${d.code}`),
            },
          ]}
          empty={<EmptyState title="No discount codes yet" body="Create a code to share with customers." />}
        />
      </Card>
      <form method="post" action="/admin/settings/discounts" class="card" novalidate>
        {csrfInput(c)}
        <h2>Create a code</h2>
        <div class="form-grid">
          <Field
            name="code"
            label="Code"
            required
            value={t.code}
            error={e.code}
            placeholder="SUMMER10"
            maxlength={64}
          />
          <Select
            name="kind"
            label="Type"
            value={t.kind ?? 'percentage'}
            error={e.kind}
            options={[
              { value: 'percentage', label: 'Percentage off' },
              { value: 'fixed', label: `Amount off (${cur})` },
            ]}
          />
          <Field
            name="value"
            label="Value"
            required
            inputmode="decimal"
            value={t.value}
            error={e.value}
            hint="10 = 10 % or 10.00 off"
          />
          <Field
            name="usageLimit"
            label="Use at most"
            inputmode="numeric"
            value={t.usageLimit}
            error={e.usageLimit}
            hint="Optional: times the code can be used."
          />
        </div>
        <Button>Create code</Button>
      </form>
    </>,
  );
}

export async function addDiscount(c: Ctx): Promise<Response> {
  const typed = await formOf(c);
  const errors: Errors = {};
  const kind = typed.kind === 'fixed' ? 'fixed' : 'percentage';
  const value =
    kind === 'fixed' ? parseDecimalAmount(typed.value ?? '', storeOf(c).currency) : basisPoints(typed.value);
  if (value === null || value < 1)
    errors.value = kind === 'fixed' ? 'An amount like 10.00' : 'A percentage like 10';
  const limitText = (typed.usageLimit ?? '').trim();
  if (limitText && !/^\d{1,9}$/.test(limitText)) errors.usageLimit = 'A whole number, or leave it empty';
  const input = ZCreateDiscountCode.safeParse({
    code: (typed.code ?? '').trim(),
    kind,
    value: value ?? 1,
    usageLimit: limitText ? Number(limitText) : null,
  });
  if (!input.success) Object.assign(errors, { ...errorsOf(input.error), ...errors });
  if (Object.keys(errors).length || !input.success) return discountsPage(c, { typed, errors });
  const res = await attempt(() =>
    admin.createDiscountCodeForAdmin(c.get('deps').db, storeOf(c).id, input.data, actorOf(c)),
  );
  if ('errors' in res) return discountsPage(c, { typed, errors: res.errors });
  return c.redirect(`/admin/settings/discounts${noticeQuery(NOTICES, 'added')}`, 303);
}

export async function deleteDiscount(c: Ctx): Promise<Response> {
  await admin.deleteDiscountCodeForAdmin(
    c.get('deps').db,
    storeOf(c).id,
    c.req.param('id') ?? '',
    actorOf(c),
  );
  return c.redirect(`/admin/settings/discounts${noticeQuery(NOTICES, 'deleted')}`, 303);
}
