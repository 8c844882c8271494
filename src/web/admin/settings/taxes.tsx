/**
 * Admin › Settings › Taxes: a rate per country and, where addresses have
 * them, per state/province (US states, Canadian provinces, Australian
 * states): a region's rate overrides its country's at checkout. Set (add or
 * replace) and delete (confirmed). Rates are typed as percent, stored as
 * basis points.
 */
import { storeOf } from '../../../lib/http/middleware.js';
import * as admin from '../../../modules/checkout-settings/admin-service.js';
import { ZPutTaxRate } from '../../../modules/checkout-settings/schemas.js';
import { Checkbox, Field } from '../../components/ui.js';
import { countryName, regionsOf } from '../../storefront/countries.js';
import {
  basisPoints,
  deleted,
  pct,
  type State,
  saveTab,
  TabForm,
  TabTable,
  tabPage,
} from './checkout-common.js';
import { actorOf, type Ctx, type Errors, formOf } from './shell.js';

const regionName = (country: string, region: string | null) =>
  region ? (regionsOf(country)?.regions.find(([code]) => code === region)?.[1] ?? region) : 'Whole country';

export async function taxesPage(c: Ctx, state: State = {}): Promise<Response> {
  const rates = await admin.listTaxRatesForAdmin(c.get('deps').db, storeOf(c).id);
  const t = state.typed ?? {};
  const e = state.errors ?? {};
  return tabPage(
    c,
    'taxes',
    state,
    <>
      <TabTable
        c={c}
        title="Tax rates by country and region"
        caption="Tax rates"
        rows={rates}
        columns={[
          { key: 'country', label: 'Country', render: (r) => `${countryName(r.country)} (${r.country})` },
          { key: 'region', label: 'Region', render: (r) => regionName(r.country, r.region) },
          { key: 'rate', label: 'Rate', num: true, render: (r) => pct(r.rate) },
          {
            key: 'incl',
            label: 'Prices',
            render: (r) => (r.inclusive ? 'Include tax' : 'Tax added at checkout'),
          },
        ]}
        remove={(r) => ({
          action: `/admin/settings/taxes/${r.country}/delete${r.region ? `?region=${r.region}` : ''}`,
          what: `the tax rate for ${r.region ? `${r.country}-${r.region}` : r.country}`,
        })}
        empty={{ title: 'No tax rates', body: 'Without a rate, checkout charges no tax.' }}
      />
      <TabForm
        c={c}
        action="/admin/settings/taxes"
        title="Set a rate"
        submit="Save rate"
        fields={
          <>
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
              name="region"
              label="State or province code"
              value={t.region}
              error={e.region}
              placeholder="CA"
              maxlength={3}
              hint="Optional, e.g. CA (California), ON (Ontario), NSW: overrides the country's rate there."
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
          </>
        }
      >
        <Checkbox
          name="inclusive"
          label="My prices already include this tax"
          checked={t.inclusive === 'on'}
        />
      </TabForm>
    </>,
  );
}

export async function putTax(c: Ctx): Promise<Response> {
  const typed = await formOf(c);
  const errors: Errors = {};
  const country = (typed.country ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) errors.country = 'A two-letter country code such as DE';
  const region = (typed.region ?? '').trim().toUpperCase();
  const known = regionsOf(country);
  if (region && !known)
    errors.region = `Leave it empty: ${country || 'this country'} has no states or provinces here`;
  else if (region && !known?.regions.some(([code]) => code === region))
    errors.region = `Not a ${known?.label.toLowerCase()} of ${country}; e.g. ${known?.regions[0]?.[0]}`;
  const rate = basisPoints(typed.rate);
  if (rate === null || rate > 10_000) errors.rate = 'A percentage between 0 and 100, e.g. 19 or 7.5';
  const parsed = ZPutTaxRate.safeParse({
    rate: rate ?? 0,
    inclusive: typed.inclusive === 'on',
    ...(region ? { region } : {}),
  });
  return saveTab(
    c,
    'taxes',
    typed,
    errors,
    parsed,
    (input) => admin.putTaxRateForAdmin(c.get('deps').db, storeOf(c).id, country, input, actorOf(c)),
    (s) => taxesPage(c, s),
  );
}

export async function deleteTax(c: Ctx): Promise<Response> {
  const region = (c.req.query('region') ?? '').toUpperCase();
  const country = (c.req.param('country') ?? '').toUpperCase();
  await admin.deleteTaxRateForAdmin(c.get('deps').db, storeOf(c).id, country, actorOf(c), region);
  return deleted(c, 'taxes');
}
