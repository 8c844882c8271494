/**
 * The signed-in shopper's privacy page on a store host:
 *   GET  /account/privacy              download your data, delete your account and data
 *   GET  /account/privacy/export.json  the data (profile, addresses, orders, reviews, tickets) as a JSON file
 *   POST /account/privacy/delete       erase (a checked confirmation box required); signs out
 * After erasure the shopper lands on /account/privacy?deleted=1 (signed out).
 */
import type { Context } from 'hono';
import { eraseShopperData, exportShopperData } from '../../flows/shopper-privacy.js';
import { endPageSession } from '../../http/session.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { readForm } from '../components/care-forms.js';
import { Notice } from './components.js';
import { clearCartId } from './cookies.js';
import { pageContext, ShopPage } from './page.js';

type C = Context<AppEnv>;
const LOGIN = '/account/login?next=%2Faccount%2Fprivacy';
const CSS = `.privacy{max-width:40rem}.privacy section{border:1px solid var(--c-border);border-radius:.5rem;padding:1rem 1.25rem;margin:0 0 1.25rem}
.privacy h2{margin-top:0}.privacy-notice{margin:0 0 1rem}.privacy .danger{border-color:#c53030}.privacy .confirm{display:flex;gap:.5rem;align-items:flex-start;margin:.75rem 0}
.privacy .btn-danger{background:#c53030;border-color:#c53030;color:#fff}.privacy .error-text{color:#c53030;display:block;margin:.25rem 0}`;

async function view(c: C, state: { error?: string } = {}, status: 200 | 400 = 200) {
  const ctx = await pageContext(c);
  if (!ctx.shopper) {
    if (c.req.query('deleted') !== '1') return c.redirect(LOGIN, 303);
    return c.html(
      <ShopPage ctx={ctx} title="Your data was deleted" path="/account/privacy" noindex>
        <section class="narrow">
          <h1>Your data was deleted</h1>
          <p role="status" id="privacy-deleted">
            We removed your account and the personal data on your orders, messages and reviews, and sent you a
            confirmation e-mail. Orders themselves stay in our books without anything that identifies you.
          </p>
          <p>
            <a href="/">Back to the shop</a>
          </p>
        </section>
      </ShopPage>,
    );
  }
  return c.html(
    <ShopPage ctx={ctx} title="Privacy & data" path="/account/privacy" noindex>
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
      <div class="privacy">
        <p>
          <a href="/account">← Your account</a>
        </p>
        <h1>Privacy &amp; data</h1>
        {state.error ? (
          <div class="privacy-notice">
            <Notice kind="error">{state.error}</Notice>
          </div>
        ) : null}
        <section>
          <h2>Download your data</h2>
          <p>
            A file (JSON) with your profile, the addresses you shipped to, your orders, reviews and messages
            to {storeOf(c).name}.
          </p>
          <a class="btn" id="privacy-export" href="/account/privacy/export.json" download>
            Download my data
          </a>
        </section>
        <section class="danger">
          <h2>Delete your account and data</h2>
          <p>
            We remove your name, e-mail address, password, the addresses on your orders, your messages to us
            and your name on your reviews, and sign you out. Orders (items and amounts) stay in our accounts
            without anything that identifies you. This cannot be undone.
          </p>
          <form method="post" action="/account/privacy/delete">
            {csrfInput(c)}
            <label class="confirm" for="privacy-confirm">
              <input
                type="checkbox"
                id="privacy-confirm"
                name="confirm"
                value="yes"
                aria-invalid={state.error ? 'true' : undefined}
                aria-describedby={state.error ? 'privacy-confirm-error' : undefined}
              />
              <span>I understand that my account and personal data will be deleted for good.</span>
            </label>
            {state.error ? (
              <span class="error-text" id="privacy-confirm-error">
                {state.error}
              </span>
            ) : null}
            <button class="btn btn-danger" type="submit" id="privacy-delete">
              Delete my account and data
            </button>
          </form>
        </section>
      </div>
    </ShopPage>,
    status,
  );
}

export const privacyPage = (c: C) => view(c);

export async function privacyExport(c: C) {
  const ctx = await pageContext(c);
  if (!ctx.shopper) return c.redirect(LOGIN, 303);
  const tenant = storeOf(c);
  const data = await exportShopperData(ctx.deps.db, tenant, ctx.shopper.customerId);
  return c.body(JSON.stringify(data, null, 2), 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="${tenant.handle}-my-data.json"`,
    'cache-control': 'no-store',
  });
}

export async function privacyDelete(c: C) {
  const ctx = await pageContext(c);
  if (!ctx.shopper) return c.redirect(LOGIN, 303);
  const v = await readForm(c);
  if (v.confirm !== 'yes')
    return view(c, { error: 'Tick the box to confirm that you want your data deleted.' }, 400);
  await eraseShopperData(ctx.deps, storeOf(c), ctx.shopper.customerId, {
    type: 'customer',
    id: ctx.shopper.customerId,
  });
  await endPageSession(c);
  clearCartId(c);
  return c.redirect('/account/privacy?deleted=1', 303);
}
