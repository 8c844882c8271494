/**
 * Admin › Settings › Discount codes: list, create, edit (value, minimum
 * order, usage limit, on/off — the code and its kind stay as created, as the
 * API allows) and delete (confirmed). Amounts in the store's currency,
 * percentages typed as percent (stored as basis points).
 */
import { storeOf } from '../../../lib/http/middleware.js';
import { formatMoney, parseDecimalAmount, toDecimalString } from '../../../lib/money.js';
import * as admin from '../../../modules/checkout-settings/admin-service.js';
import type { DiscountCode } from '../../../modules/checkout-settings/schemas.js';
import { ZCreateDiscountCode, ZUpdateDiscountCode } from '../../../modules/checkout-settings/schemas.js';
import { Checkbox, Field, Select } from '../../components/ui.js';
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
import { actorOf, type Ctx, type Errors, formOf, type Typed } from './shell.js';

/** The value, minimum order and usage limit as typed → numbers, with a message per bad field. */
function readAmounts(typed: Typed, kind: DiscountCode['kind'], currency: string, errors: Errors) {
  const value = kind === 'fixed' ? parseDecimalAmount(typed.value ?? '', currency) : basisPoints(typed.value);
  if (value === null || value < 1)
    errors.value = kind === 'fixed' ? 'An amount like 10.00' : 'A percentage like 10';
  const limitText = (typed.usageLimit ?? '').trim();
  if (limitText && !/^\d{1,9}$/.test(limitText)) errors.usageLimit = 'A whole number, or leave it empty';
  const minText = (typed.minSubtotal ?? '').trim();
  const minSubtotal = minText ? parseDecimalAmount(minText, currency) : 0;
  if (minSubtotal === null) errors.minSubtotal = 'An amount like 50.00, or leave it empty';
  return {
    value: value ?? 1,
    usageLimit: limitText ? Number(limitText) : null,
    minSubtotal: minSubtotal ?? 0,
  };
}

function AmountFields({ t, e, cur }: { t: Typed; e: Errors; cur: string }) {
  return (
    <>
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
        name="minSubtotal"
        label={`Minimum order (${cur})`}
        inputmode="decimal"
        value={t.minSubtotal}
        error={e.minSubtotal}
        hint="Optional."
      />
      <Field
        name="usageLimit"
        label="Use at most"
        inputmode="numeric"
        value={t.usageLimit}
        error={e.usageLimit}
        hint="Optional: times the code can be used."
      />
    </>
  );
}

export async function discountsPage(c: Ctx, state: State = {}): Promise<Response> {
  const cur = storeOf(c).currency;
  const codes = await admin.listDiscountCodesForAdmin(c.get('deps').db, storeOf(c).id);
  const t = state.typed ?? {};
  const e = state.errors ?? {};
  return tabPage(
    c,
    'discounts',
    state,
    <>
      <TabTable
        c={c}
        title="Discount codes"
        caption="Discount codes"
        rows={codes}
        columns={[
          {
            key: 'code',
            label: 'Code',
            render: (d) => <a href={`/admin/settings/discounts/${d.id}`}>{d.code}</a>,
          },
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
        ]}
        remove={(d) => ({ action: `/admin/settings/discounts/${d.id}/delete`, what: `the code ${d.code}` })}
        empty={{ title: 'No discount codes yet', body: 'Create a code to share with customers.' }}
      />
      <TabForm
        c={c}
        action="/admin/settings/discounts"
        title="Create a code"
        submit="Create code"
        fields={
          <>
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
            <AmountFields t={t} e={e} cur={cur} />
          </>
        }
      />
    </>,
  );
}

export async function addDiscount(c: Ctx): Promise<Response> {
  const typed = await formOf(c);
  const errors: Errors = {};
  const kind = typed.kind === 'fixed' ? 'fixed' : 'percentage';
  const amounts = readAmounts(typed, kind, storeOf(c).currency, errors);
  const parsed = ZCreateDiscountCode.safeParse({ code: (typed.code ?? '').trim(), kind, ...amounts });
  return saveTab(
    c,
    'discounts',
    typed,
    errors,
    parsed,
    (input) => admin.createDiscountCodeForAdmin(c.get('deps').db, storeOf(c).id, input, actorOf(c)),
    (s) => discountsPage(c, s),
  );
}

export async function discountEditPage(c: Ctx, state: State = {}): Promise<Response> {
  const cur = storeOf(c).currency;
  const d = await admin.getDiscountCodeForAdmin(c.get('deps').db, storeOf(c).id, c.req.param('id') ?? '');
  const saved: Typed = {
    value: d.kind === 'fixed' ? toDecimalString(d.value, cur) : String(d.value / 100),
    minSubtotal: d.minSubtotal ? toDecimalString(d.minSubtotal, cur) : '',
    usageLimit: d.usageLimit == null ? '' : String(d.usageLimit),
  };
  const t = state.typed ?? saved;
  const active = state.typed ? state.typed.active === 'on' : d.active;
  return tabPage(
    c,
    'discounts',
    state,
    <>
      <p>
        <a href="/admin/settings/discounts">← Discount codes</a>
      </p>
      <TabForm
        c={c}
        action={`/admin/settings/discounts/${d.id}`}
        title={`Edit ${d.code}`}
        submit="Save code"
        intro={
          <p class="muted">
            {d.kind === 'percentage' ? 'Percentage off' : `Amount off (${cur})`} · used {d.usedCount} time(s)
          </p>
        }
        fields={<AmountFields t={t} e={state.errors ?? {}} cur={cur} />}
      >
        <Checkbox name="active" label="Active (customers can use it)" checked={active} />
      </TabForm>
    </>,
    `Discount code ${d.code}`,
  );
}

export async function saveDiscount(c: Ctx): Promise<Response> {
  const db = c.get('deps').db;
  const t = storeOf(c);
  const d = await admin.getDiscountCodeForAdmin(db, t.id, c.req.param('id') ?? '');
  const typed = await formOf(c);
  const errors: Errors = {};
  const amounts = readAmounts(typed, d.kind, t.currency, errors);
  if (d.kind === 'percentage' && amounts.value > 10_000) errors.value = 'A percentage between 0.01 and 100';
  const parsed = ZUpdateDiscountCode.safeParse({ ...amounts, active: typed.active === 'on' });
  return saveTab(
    c,
    'discounts',
    typed,
    errors,
    parsed,
    (input) => admin.updateDiscountCodeForAdmin(db, t.id, d.id, input, actorOf(c)),
    (s) => discountEditPage(c, s),
  );
}

export async function deleteDiscount(c: Ctx): Promise<Response> {
  await admin.deleteDiscountCodeForAdmin(
    c.get('deps').db,
    storeOf(c).id,
    c.req.param('id') ?? '',
    actorOf(c),
  );
  return deleted(c, 'discounts');
}
