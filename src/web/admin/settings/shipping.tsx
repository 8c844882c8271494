/**
 * Admin › Settings › Shipping: the store's shipping rates (price, free-from
 * amount, zone of countries), add and delete (confirmed). Amounts are typed
 * in the store's currency and stored as minor units.
 */
import { storeOf } from '../../../lib/http/middleware.js';
import { formatMoney, parseDecimalAmount } from '../../../lib/money.js';
import * as admin from '../../../modules/checkout-settings/admin-service.js';
import { ZCreateShippingRate } from '../../../modules/checkout-settings/schemas.js';
import { Field } from '../../components/ui.js';
import { deleted, type State, saveTab, TabForm, TabTable, tabPage } from './checkout-common.js';
import { actorOf, type Ctx, type Errors, formOf } from './shell.js';

export async function shippingPage(c: Ctx, state: State = {}): Promise<Response> {
  const cur = storeOf(c).currency;
  const rates = await admin.listShippingRatesForAdmin(c.get('deps').db, storeOf(c).id);
  const t = state.typed ?? {};
  const e = state.errors ?? {};
  return tabPage(
    c,
    'shipping',
    state,
    <>
      <TabTable
        c={c}
        title="Shipping rates"
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
        ]}
        remove={(r) => ({ action: `/admin/settings/shipping/${r.id}/delete`, what: `the rate "${r.name}"` })}
        empty={{ title: 'No shipping rates yet', body: 'Customers cannot check out until you add one.' }}
      />
      <TabForm
        c={c}
        action="/admin/settings/shipping"
        title="Add a rate"
        submit="Add rate"
        fields={
          <>
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
          </>
        }
      />
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
  const parsed = ZCreateShippingRate.safeParse({
    name: typed.name ?? '',
    amount: amount ?? 0,
    freeAbove: free ?? null,
    countries,
  });
  return saveTab(
    c,
    'shipping',
    typed,
    errors,
    parsed,
    (input) => admin.createShippingRateForAdmin(c.get('deps').db, storeOf(c).id, input, actorOf(c)),
    (s) => shippingPage(c, s),
  );
}

export async function deleteShipping(c: Ctx): Promise<Response> {
  await admin.deleteShippingRateForAdmin(
    c.get('deps').db,
    storeOf(c).id,
    c.req.param('id') ?? '',
    actorOf(c),
  );
  return deleted(c, 'shipping');
}
