/**
 * Shopper password reset pages (store host), the targets of the reset email
 * sent by src/modules/customers/service.ts:
 *   GET/POST /account/forgot-password   ask for a link (same answer whether or not the account exists)
 *   GET/POST /account/reset-password    ?token=… → choose a new password (single use; all sessions revoked)
 * Owned by the accounts work (B2); uses the storefront's page chrome.
 */
import { type Context, Hono } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { onlyOn, storeOf } from '../../lib/http/middleware.js';
import { MIN_PASSWORD_LENGTH } from '../../modules/auth/password-policy.js';
import {
  confirmCustomerPasswordReset,
  requestCustomerPasswordReset,
} from '../../modules/customers/service.js';
import { EmailField, Field, Notice } from './components.js';
import { pageContext, ShopPage } from './page.js';

type C = Context<AppEnv>;

const str = (v: unknown, max = 1000) => (typeof v === 'string' ? v.slice(0, max) : '');

function activeStore(c: C) {
  const store = storeOf(c);
  if (store.status !== 'active')
    throw new AppError('store_unavailable', 'This store is currently unavailable');
  return store;
}

/** Expected refusals become a message; anything else propagates. */
function refusal(c: C, err: unknown): { message: string; status: 400 | 401 | 429 } {
  if (!(err instanceof AppError)) throw err;
  for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
  if (err.code === 'validation_failed')
    return { message: err.issues?.map((i) => i.message).join('. ') || err.message, status: 400 };
  if (err.code === 'unauthenticated') return { message: err.message, status: 401 };
  if (err.code === 'rate_limited') return { message: err.message, status: 429 };
  throw err;
}

async function forgotPage(c: C, state: { done?: boolean; error?: string; status?: 200 | 400 | 429 } = {}) {
  activeStore(c);
  const ctx = await pageContext(c);
  return c.html(
    <ShopPage ctx={ctx} title="Reset your password" path="/account/forgot-password" noindex>
      <h1>Reset your password</h1>
      {state.done ? (
        <Notice>
          If an account exists for that address, a reset link is on its way. It works once, for one hour.
        </Notice>
      ) : (
        <>
          {state.error ? <Notice kind="error">{state.error}</Notice> : null}
          <form method="post" action="/account/forgot-password">
            {csrfInput(c)}
            <EmailField label="Email" />
            <button class="btn" type="submit">
              Send a reset link
            </button>
          </form>
        </>
      )}
    </ShopPage>,
    state.status ?? 200,
  );
}

async function forgotAction(c: C) {
  const store = activeStore(c);
  const email = str((await c.req.parseBody()).email, 320).trim();
  if (!email) return forgotPage(c, { error: 'Enter your email.', status: 400 });
  try {
    await requestCustomerPasswordReset(c.get('deps'), store, email);
  } catch (err) {
    const r = refusal(c, err);
    return forgotPage(c, { error: r.message, status: r.status === 401 ? 400 : r.status });
  }
  return forgotPage(c, { done: true });
}

async function resetPage(
  c: C,
  state: { token?: string; error?: string; done?: boolean; status?: 200 | 400 | 401 | 429 } = {},
) {
  activeStore(c);
  const ctx = await pageContext(c);
  const token = state.token ?? str(c.req.query('token'), 200);
  return c.html(
    <ShopPage ctx={ctx} title="Choose a new password" path="/account/reset-password" noindex>
      <h1>Choose a new password</h1>
      {state.done ? (
        <>
          <Notice>Your password is changed and your other sessions were signed out.</Notice>
          <p>
            <a class="btn" href="/account/login">
              Sign in
            </a>
          </p>
        </>
      ) : (
        <>
          {state.error ? <Notice kind="error">{state.error}</Notice> : null}
          {state.status === 401 ? (
            <p>
              <a href="/account/forgot-password">Ask for a new link</a>
            </p>
          ) : (
            <form method="post" action="/account/reset-password">
              {csrfInput(c)}
              <input type="hidden" name="token" value={token} />
              <Field
                id="password"
                name="password"
                label="New password"
                type="password"
                autocomplete="new-password"
                required
                hint={`At least ${MIN_PASSWORD_LENGTH} characters; common passwords are refused.`}
              />
              <button class="btn" type="submit">
                Set the new password
              </button>
            </form>
          )}
        </>
      )}
    </ShopPage>,
    state.status ?? 200,
  );
}

async function resetAction(c: C) {
  const store = activeStore(c);
  const body = await c.req.parseBody();
  const token = str(body.token, 200);
  try {
    await confirmCustomerPasswordReset(c.get('deps'), store.id, token, str(body.password));
  } catch (err) {
    const r = refusal(c, err);
    return resetPage(c, { token, error: r.message, status: r.status });
  }
  return resetPage(c, { done: true });
}

export const shopperPasswordPages = new Hono<AppEnv>();
shopperPasswordPages.use('/account/forgot-password', onlyOn('store'));
shopperPasswordPages.use('/account/reset-password', onlyOn('store'));
shopperPasswordPages.get('/account/forgot-password', (c) => forgotPage(c));
shopperPasswordPages.post('/account/forgot-password', forgotAction);
shopperPasswordPages.get('/account/reset-password', (c) => resetPage(c));
shopperPasswordPages.post('/account/reset-password', resetAction);
