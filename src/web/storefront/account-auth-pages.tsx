/**
 * Shopper sign-in pages (store host), on B2's cookie sessions and CSRF:
 *   GET/POST /account/register   create an account, sign in, merge the guest cart
 *   GET/POST /account/login      sign in (rate-limited by the customers service), merge the guest cart
 *   POST     /account/logout     end the page session, forget the cart cookie
 * Credentials are checked by src/modules/customers/service.ts; the page
 * session is started with startCustomerPageSession (httpOnly sl_shopper).
 */
import type { Context } from 'hono';
import { endPageSession, safeNext, startCustomerPageSession } from '../../http/session.js';
import { AppError } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { sendCustomerVerification } from '../../modules/customers/account.js';
import { EmailField, Field, Notice } from './components.js';
import { clearCartId, readCartId, writeCartId } from './cookies.js';
import { loginCustomer, mergeGuestCart, registerCustomer } from './data.js';
import { type PageContext, pageContext, ShopPage } from './page.js';

type C = Context<AppEnv>;

async function form(c: C): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v.slice(0, 1000);
  return out;
}

function AuthForm(props: {
  c: C;
  mode: 'login' | 'register';
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
  next?: string;
}) {
  const { mode, values, errors } = props;
  return (
    <section aria-labelledby="auth-heading" style="max-width:28rem">
      <h1 id="auth-heading">{mode === 'login' ? 'Sign in' : 'Create an account'}</h1>
      {props.message ? <Notice kind="error">{props.message}</Notice> : null}
      <form method="post" action={mode === 'login' ? '/account/login' : '/account/register'}>
        {csrfInput(props.c)}
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        {mode === 'register' ? (
          <Field id="name" name="name" label="Name (optional)" value={values.name} autocomplete="name" />
        ) : null}
        <EmailField value={values.email} error={errors.email} />
        <Field
          id="password"
          name="password"
          label="Password"
          type="password"
          required
          autocomplete={mode === 'login' ? 'current-password' : 'new-password'}
          hint={mode === 'register' ? 'At least 10 characters.' : undefined}
          error={errors.password}
        />
        {mode === 'login' ? (
          <p>
            <a href="/account/forgot-password">Forgot your password?</a>
          </p>
        ) : null}
        <button class="btn" type="submit">
          {mode === 'login' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <p>
        {mode === 'login' ? (
          <>
            New here? <a href="/account/register">Create an account</a>
          </>
        ) : (
          <>
            Already have an account? <a href="/account/login">Sign in</a>
          </>
        )}
      </p>
    </section>
  );
}

function renderAuth(
  c: C,
  ctx: PageContext,
  mode: 'login' | 'register',
  values: Record<string, string>,
  errors: Record<string, string>,
  status: 200 | 400 | 401 | 409 | 429,
  message?: string,
) {
  const next = safeNext(values.next ?? c.req.query('next'), '/account');
  return c.html(
    <ShopPage
      ctx={ctx}
      title={mode === 'login' ? 'Sign in' : 'Create an account'}
      path={mode === 'login' ? '/account/login' : '/account/register'}
      noindex
    >
      <AuthForm
        c={c}
        mode={mode}
        values={values}
        errors={errors}
        message={message}
        next={next === '/account' ? undefined : next}
      />
    </ShopPage>,
    status,
  );
}

export async function loginPage(c: C) {
  const ctx = await pageContext(c);
  if (ctx.shopper) return c.redirect('/account', 303);
  return renderAuth(c, ctx, 'login', {}, {}, 200);
}

export async function registerPage(c: C) {
  const ctx = await pageContext(c);
  if (ctx.shopper) return c.redirect('/account', 303);
  return renderAuth(c, ctx, 'register', {}, {}, 200);
}

/** After credentials are verified: page session, guest cart merged into the shopper's, redirect. */
async function signedIn(c: C, customerId: string, next: string) {
  await startCustomerPageSession(c, customerId);
  const cartId = await mergeGuestCart(c.get('deps'), storeOf(c), readCartId(c), customerId);
  if (cartId) writeCartId(c, cartId);
  return c.redirect(safeNext(next, '/account'), 303);
}

function authFailure(c: C, mode: 'login' | 'register', values: Record<string, string>, err: unknown) {
  if (!(err instanceof AppError)) throw err;
  const keep = { email: values.email ?? '', name: values.name ?? '', next: values.next ?? '' };
  return pageContext(c).then((ctx) => {
    switch (err.code) {
      case 'invalid_credentials':
        return renderAuth(c, ctx, mode, keep, {}, 401, 'The e-mail or password is not correct.');
      case 'email_taken':
        return renderAuth(c, ctx, mode, keep, { email: 'An account with this e-mail already exists.' }, 409);
      case 'validation_failed': {
        const errors: Record<string, string> = {};
        for (const i of err.issues ?? []) errors[i.path] ??= i.message;
        return renderAuth(c, ctx, mode, keep, errors, 400, 'Please check the highlighted fields.');
      }
      case 'rate_limited':
        for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
        return renderAuth(c, ctx, mode, keep, {}, 429, 'Too many attempts. Please wait a few minutes.');
      default:
        throw err;
    }
  });
}

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;

export async function loginAction(c: C) {
  const values = await form(c);
  const email = (values.email ?? '').trim();
  if (!EMAIL_RE.test(email) || !values.password) {
    return authFailure(c, 'login', values, new AppError('invalid_credentials', 'Invalid'));
  }
  try {
    const auth = await loginCustomer(
      c.get('deps'),
      storeOf(c),
      { email, password: values.password },
      meta(c),
    );
    return await signedIn(c, auth.customer.id, values.next ?? '/account');
  } catch (err) {
    return authFailure(c, 'login', values, err);
  }
}

export async function registerAction(c: C) {
  const values = await form(c);
  const email = (values.email ?? '').trim();
  if (!EMAIL_RE.test(email)) {
    return authFailure(
      c,
      'register',
      values,
      new AppError('validation_failed', 'Invalid', {
        issues: [{ path: 'email', message: 'Enter a valid e-mail' }],
      }),
    );
  }
  try {
    const name = (values.name ?? '').trim().slice(0, 200);
    const auth = await registerCustomer(
      c.get('deps'),
      storeOf(c),
      { email, password: values.password ?? '', ...(name ? { name } : {}) },
      meta(c),
    );
    // The verification link (guest orders with this address are attached once it is opened).
    await sendCustomerVerification(c.get('deps'), storeOf(c), auth.customer.id);
    return await signedIn(c, auth.customer.id, '/account');
  } catch (err) {
    return authFailure(c, 'register', values, err);
  }
}

export async function logoutAction(c: C) {
  await endPageSession(c);
  clearCartId(c);
  return c.redirect('/', 303);
}

function meta(c: C) {
  return { userAgent: c.req.header('user-agent')?.slice(0, 300), ip: clientIp(c) };
}
