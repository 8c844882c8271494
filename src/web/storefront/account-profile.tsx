/**
 * Shopper profile pages (store host, signed in):
 *   GET  /account/profile           name, e-mail (verified? pending change?), password
 *   POST /account/profile           save the name
 *   POST /account/email             change the e-mail: a link goes to the NEW address; the change
 *                                   takes effect when it is opened
 *   POST /account/password          current + new password; every session ends, this one restarts
 *   POST /account/verify/resend     send the verification link again
 *   GET  /account/verify?token=…    a "Confirm" button (mail scanners that open links change nothing)
 *   POST /account/verify            confirm: verified, guest orders with the address attached
 * Errors are a shopper's sentence next to the field, keeping what was typed.
 */
import type { Context } from 'hono';
import { verifyCustomerEmail } from '../../flows/verify-customer-email.js';
import { startCustomerPageSession } from '../../http/session.js';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import {
  type AccountProfile,
  changeCustomerPassword,
  getAccountProfile,
  sendCustomerVerification,
  updateCustomerName,
} from '../../modules/customers/account.js';
import { AccountNav, VerifyBanner } from './account-nav.js';
import { EmailSection, PasswordForm } from './account-profile-forms.js';
import { Field, Notice } from './components.js';
import { type PageContext, pageContext, ShopPage } from './page.js';

type C = Context<AppEnv>;
type Errors = Record<string, string>;

const NOTICES: Record<string, string> = {
  name_saved: 'Your name is saved.',
  password_changed: 'Your password is changed. Other devices have been signed out.',
  verify_sent: 'We sent a confirmation link. It works for 48 hours.',
  email_sent: 'We sent a link to your new address. Your e-mail changes when you open it.',
};

const str = (body: Record<string, unknown>, k: string, max = 300) =>
  typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, max) : '';

async function renderProfile(
  c: C,
  ctx: PageContext,
  profile: AccountProfile,
  state: {
    errors?: Errors;
    values?: Record<string, string>;
    notice?: string;
    status?: 200 | 400 | 401 | 409 | 429;
  },
) {
  const errors = state.errors ?? {};
  const values = state.values ?? {};
  const notice = state.notice ?? NOTICES[c.req.query('notice') ?? ''];
  return c.html(
    <ShopPage ctx={ctx} title="Your profile" path="/account/profile" noindex>
      <h1>Your account</h1>
      <AccountNav current="/account/profile" />
      {notice ? <Notice>{notice}</Notice> : null}
      {Object.keys(errors).length ? <Notice kind="error">Please check the highlighted field.</Notice> : null}
      <VerifyBanner c={c} email={profile.email} verified={profile.emailVerified} />
      <div class="narrow">
        <h2>Your details</h2>
        <form method="post" action="/account/profile">
          {csrfInput(c)}
          <Field
            id="name"
            name="name"
            label="Name"
            value={values.name ?? profile.name ?? ''}
            autocomplete="name"
          />
          <button class="btn" type="submit">
            Save name
          </button>
        </form>
        <EmailSection c={c} profile={profile} value={values.email} error={errors.email} />
        <PasswordForm c={c} errors={errors} />
      </div>
    </ShopPage>,
    state.status ?? 200,
  );
}

async function signedInProfile(c: C): Promise<{ ctx: PageContext; customerId: string } | Response> {
  const ctx = await pageContext(c);
  if (!ctx.shopper) return c.redirect('/account/login?next=%2Faccount%2Fprofile', 303);
  return { ctx, customerId: ctx.shopper.customerId };
}

export async function profilePage(c: C) {
  const s = await signedInProfile(c);
  if (s instanceof Response) return s;
  return renderProfile(c, s.ctx, await getAccountProfile(s.ctx.deps, storeOf(c).id, s.customerId), {});
}

export async function profileNameAction(c: C) {
  const s = await signedInProfile(c);
  if (s instanceof Response) return s;
  const body = await c.req.parseBody();
  await updateCustomerName(s.ctx.deps, storeOf(c).id, s.customerId, str(body, 'name', 200));
  return c.redirect('/account/profile?notice=name_saved', 303);
}

async function refused(
  c: C,
  s: { ctx: PageContext; customerId: string },
  err: unknown,
  values: Record<string, string>,
) {
  if (!(err instanceof AppError)) throw err;
  const profile = await getAccountProfile(s.ctx.deps, storeOf(c).id, s.customerId);
  const render = (errors: Errors, status: 400 | 401 | 409 | 429) =>
    renderProfile(c, s.ctx, profile, { errors, values, status });
  switch (err.code) {
    case 'email_taken':
      return render({ email: 'Another account in this store uses this e-mail address.' }, 409);
    case 'invalid_credentials':
      return render({ current: 'This is not your current password.' }, 401);
    case 'validation_failed': {
      const errors: Errors = {};
      for (const i of err.issues ?? []) errors[i.path === 'email' ? 'email' : 'password'] ??= i.message;
      if (!Object.keys(errors).length) errors.password = err.message;
      return render(errors, 400);
    }
    case 'rate_limited':
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return renderProfile(c, s.ctx, profile, {
        values,
        status: 429,
        notice: 'Too many attempts. Please wait a while and try again.',
      });
    default:
      throw err;
  }
}

export async function profileEmailAction(c: C) {
  const s = await signedInProfile(c);
  if (s instanceof Response) return s;
  const email = str(await c.req.parseBody(), 'email', 320);
  try {
    await sendCustomerVerification(s.ctx.deps, storeOf(c), s.customerId, email);
  } catch (err) {
    return refused(c, s, err, { email });
  }
  return c.redirect('/account/profile?notice=email_sent', 303);
}

export async function profilePasswordAction(c: C) {
  const s = await signedInProfile(c);
  if (s instanceof Response) return s;
  const body = await c.req.parseBody();
  try {
    await changeCustomerPassword(
      s.ctx.deps,
      storeOf(c).id,
      s.customerId,
      str(body, 'current', 1000),
      str(body, 'password', 1000),
    );
  } catch (err) {
    return refused(c, s, err, {});
  }
  // Every session ended with the change: this browser gets a fresh one.
  await startCustomerPageSession(c, s.customerId);
  return c.redirect('/account/profile?notice=password_changed', 303);
}

export async function resendVerificationAction(c: C) {
  const s = await signedInProfile(c);
  if (s instanceof Response) return s;
  try {
    await sendCustomerVerification(s.ctx.deps, storeOf(c), s.customerId);
  } catch (err) {
    return refused(c, s, err, {});
  }
  return c.redirect('/account/profile?notice=verify_sent', 303);
}

function VerifyPage(props: { c: C; token: string; error?: string; done?: { attachedOrders: number } }) {
  const { done } = props;
  return (
    <section class="narrow" aria-labelledby="verify-heading">
      <h1 id="verify-heading">Confirm your e-mail address</h1>
      {done ? (
        <>
          <Notice>
            Your e-mail address is confirmed.
            {done.attachedOrders > 0
              ? ` ${done.attachedOrders} earlier ${done.attachedOrders === 1 ? 'order was' : 'orders were'} added to your account.`
              : ''}
          </Notice>
          <p>
            <a href="/account">Go to your account</a>
          </p>
        </>
      ) : props.error ? (
        <>
          <Notice kind="error">{props.error}</Notice>
          <p>
            <a href="/account/profile">Send a new link from your profile</a>
          </p>
        </>
      ) : (
        <form method="post" action="/account/verify">
          {csrfInput(props.c)}
          <input type="hidden" name="token" value={props.token} />
          <button class="btn" type="submit">
            Confirm e-mail address
          </button>
        </form>
      )}
    </section>
  );
}

export async function verifyPage(c: C) {
  const ctx = await pageContext(c);
  const token = (c.req.query('token') ?? '').slice(0, 200);
  return c.html(
    <ShopPage ctx={ctx} title="Confirm your e-mail address" path="/account/verify" noindex>
      <VerifyPage c={c} token={token} error={token ? undefined : 'This link is incomplete.'} />
    </ShopPage>,
  );
}

export async function verifyAction(c: C) {
  const token = str(await c.req.parseBody(), 'token', 200);
  const ctx = await pageContext(c);
  const page = (state: { error?: string; done?: { attachedOrders: number } }, status: 200 | 400 | 409) =>
    c.html(
      <ShopPage ctx={ctx} title="Confirm your e-mail address" path="/account/verify" noindex>
        <VerifyPage c={c} token={token} {...state} />
      </ShopPage>,
      status,
    );
  try {
    const r = await verifyCustomerEmail(ctx.deps, storeOf(c), token);
    return page({ done: { attachedOrders: r.attachedOrders } }, 200);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'unauthenticated')
      return page({ error: 'This link has expired or was already used.' }, 400);
    if (err.code === 'email_taken')
      return page({ error: 'Another account in this store now uses this e-mail address.' }, 409);
    throw err;
  }
}
