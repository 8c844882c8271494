/**
 * A signed-in shopper's saved addresses (store host):
 *   GET  /account/addresses               the list (default first), add/edit/delete/make default
 *   GET  /account/addresses/new           the form (countries the store ships to)
 *   GET  /account/addresses/:id/edit      the form, filled
 *   POST /account/addresses               add          POST /account/addresses/:id          save
 *   POST /account/addresses/:id/default   make default POST /account/addresses/:id/delete   delete
 * Fields are checked like checkout's (checkout-values.ts) and errors shown
 * next to them; another shopper's address id is the 404 page. The default
 * address prefills checkout.
 */
import type { Context } from 'hono';
import { isUuid } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import {
  deleteCustomerAddress,
  listCustomerAddresses,
  makeDefaultAddress,
  saveCustomerAddress,
} from '../../modules/customers/addresses.js';
import { AccountNav } from './account-nav.js';
import { notFoundPage } from './catalog-pages.js';
import { listShippingOptions } from './checkout-data.js';
import { AddressFields } from './checkout-form.js';
import {
  checkAddress,
  type FieldErrors,
  readValues,
  savedAddressValues,
  type Values,
} from './checkout-values.js';
import { Notice } from './components.js';
import { shippableCountries } from './countries.js';
import { PostalAddressBlock } from './order-status.js';
import { type PageContext, pageContext, ShopPage } from './page.js';

type C = Context<AppEnv>;

const NOTICES: Record<string, string> = {
  saved: 'Address saved.',
  deleted: 'Address deleted.',
  default: 'Default address changed.',
};

async function signedIn(c: C): Promise<{ ctx: PageContext; customerId: string } | Response> {
  const ctx = await pageContext(c);
  if (!ctx.shopper) return c.redirect('/account/login?next=%2Faccount%2Faddresses', 303);
  return { ctx, customerId: ctx.shopper.customerId };
}

function PostButton(props: { c: C; action: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline">
      {csrfInput(props.c)}
      <button class={props.secondary ? 'btn btn-secondary' : 'btn'} type="submit">
        {props.label}
      </button>
    </form>
  );
}

export async function addressesPage(c: C) {
  const s = await signedIn(c);
  if (s instanceof Response) return s;
  const list = await listCustomerAddresses(s.ctx.deps, storeOf(c).id, s.customerId);
  const notice = NOTICES[c.req.query('notice') ?? ''];
  return c.html(
    <ShopPage ctx={s.ctx} title="Your addresses" path="/account/addresses" noindex>
      <h1>Your account</h1>
      <AccountNav current="/account/addresses" />
      <h2>Addresses</h2>
      {notice ? <Notice>{notice}</Notice> : null}
      {list.length === 0 ? (
        <p>No saved addresses yet. Your default address fills in the checkout for you.</p>
      ) : null}
      <ul class="address-list">
        {list.map((a, i) => (
          <li aria-labelledby={`address-${i}`}>
            <p id={`address-${i}`}>
              <strong>{a.isDefault ? 'Default address' : `Address ${i + 1}`}</strong>
            </p>
            <PostalAddressBlock address={{ ...a, region: a.region ?? '', line2: a.line2 ?? '' }} />
            <div class="actions">
              <a
                class="btn btn-secondary"
                href={`/account/addresses/${a.id}/edit`}
                aria-label={`Edit ${a.name}, ${a.line1}`}
              >
                Edit
              </a>
              {a.isDefault ? null : (
                <PostButton
                  c={c}
                  action={`/account/addresses/${a.id}/default`}
                  label="Make default"
                  secondary
                />
              )}
              <PostButton c={c} action={`/account/addresses/${a.id}/delete`} label="Delete" secondary />
            </div>
          </li>
        ))}
      </ul>
      <p>
        <a class="btn" href="/account/addresses/new">
          Add an address
        </a>
      </p>
    </ShopPage>,
  );
}

async function renderForm(
  c: C,
  ctx: PageContext,
  state: { id?: string; values: Values; errors: FieldErrors; isDefault?: boolean; status?: 200 | 400 },
) {
  const countries = shippableCountries(await listShippingOptions(ctx.deps, storeOf(c)));
  const values = { ...state.values };
  if (!countries.some(([code]) => code === values.country)) values.country = countries[0]?.[0] ?? '';
  const title = state.id ? 'Edit address' : 'Add an address';
  return c.html(
    <ShopPage ctx={ctx} title={title} path="/account/addresses" noindex>
      <h1>Your account</h1>
      <AccountNav current="/account/addresses" />
      <h2>{title}</h2>
      {Object.keys(state.errors).length ? (
        <Notice kind="error">Please check the highlighted fields.</Notice>
      ) : null}
      <form
        class="narrow"
        method="post"
        action={state.id ? `/account/addresses/${state.id}` : '/account/addresses'}
        novalidate
      >
        {csrfInput(c)}
        <AddressFields values={values} errors={state.errors} countries={countries} />
        <div class="field">
          <label for="phone">Phone (optional)</label>
          <input
            id="phone"
            name="phone"
            type="tel"
            autocomplete="tel"
            value={values.phone ?? ''}
            aria-invalid={state.errors.phone ? 'true' : undefined}
            aria-describedby={state.errors.phone ? 'phone-error' : undefined}
          />
          {state.errors.phone ? (
            <span class="error-text" id="phone-error">
              {state.errors.phone}
            </span>
          ) : null}
        </div>
        {state.isDefault ? null : (
          <p>
            <input
              type="checkbox"
              id="makeDefault"
              name="makeDefault"
              value="1"
              checked={values.makeDefault === '1'}
            />{' '}
            <label for="makeDefault">Use as my default address</label>
          </p>
        )}
        <div class="actions">
          <button class="btn" type="submit">
            Save address
          </button>
          <a href="/account/addresses">Cancel</a>
        </div>
      </form>
    </ShopPage>,
    state.status ?? 200,
  );
}

export async function newAddressPage(c: C) {
  const s = await signedIn(c);
  if (s instanceof Response) return s;
  return renderForm(c, s.ctx, { values: { country: 'US' }, errors: {} });
}

export async function editAddressPage(c: C) {
  const s = await signedIn(c);
  if (s instanceof Response) return s;
  const id = c.req.param('id') ?? '';
  const list = await listCustomerAddresses(s.ctx.deps, storeOf(c).id, s.customerId);
  const a = list.find((x) => x.id === id);
  if (!a) return notFoundPage(c, s.ctx);
  return renderForm(c, s.ctx, { id, values: savedAddressValues(a), errors: {}, isDefault: a.isDefault });
}

export async function saveAddressAction(c: C) {
  const s = await signedIn(c);
  if (s instanceof Response) return s;
  const id = c.req.param('id');
  if (id !== undefined && !isUuid(id)) return notFoundPage(c, s.ctx);
  const body = await c.req.parseBody();
  const values = readValues(body);
  if (body.makeDefault === '1') values.makeDefault = '1';
  const errors: FieldErrors = {};
  const a = checkAddress(values, errors, { phoneRequired: false });
  if (Object.keys(errors).length) return renderForm(c, s.ctx, { id, values, errors, status: 400 });
  try {
    await saveCustomerAddress(
      s.ctx.deps,
      storeOf(c).id,
      s.customerId,
      {
        name: a.name,
        line1: a.line1,
        line2: a.line2 ?? null,
        city: a.city,
        region: a.region ?? null,
        postalCode: a.postalCode,
        country: a.country,
        phone: a.phone ?? null,
      },
      { id, makeDefault: values.makeDefault === '1' },
    );
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return notFoundPage(c, s.ctx);
    if (err instanceof AppError && err.code === 'validation_failed')
      return renderForm(c, s.ctx, { id, values, errors: { name: err.message }, status: 400 });
    throw err;
  }
  return c.redirect('/account/addresses?notice=saved', 303);
}

async function addressStep(c: C, step: 'default' | 'delete') {
  const s = await signedIn(c);
  if (s instanceof Response) return s;
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) return notFoundPage(c, s.ctx);
  try {
    if (step === 'default') await makeDefaultAddress(s.ctx.deps, storeOf(c).id, s.customerId, id);
    else await deleteCustomerAddress(s.ctx.deps, storeOf(c).id, s.customerId, id);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return notFoundPage(c, s.ctx);
    throw err;
  }
  return c.redirect(`/account/addresses?notice=${step === 'default' ? 'default' : 'deleted'}`, 303);
}

export const defaultAddressAction = (c: C) => addressStep(c, 'default');
export const deleteAddressAction = (c: C) => addressStep(c, 'delete');
