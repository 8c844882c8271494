/**
 * Apex account pages (server-rendered, work without JavaScript):
 *   /login            sign-in form → apex cookie session; platform admins go to
 *                     /console, merchants see their stores
 *   /logout           (POST) ends the apex session
 *   /forgot-password  asks for a reset link (same answer whether or not the account exists)
 *   /reset-password   ?token=… → new password form (single-use link)
 *   /verify-email     ?token=… → confirm button (POST, so link scanners do not consume it)
 *   /staff/accept     ?token=… → accept a staff invitation
 * Every POST form carries the CSRF field; the Origin check applies too.
 */
import { type Context, Hono } from 'hono';
import { storeUrl } from '../../lib/config.js';
import { AppError } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { onlyOn } from '../../lib/http/middleware.js';
import { endPageSession, safeNext, startUserPageSession } from '../../lib/http/session.js';
import {
  confirmUserPasswordReset,
  confirmUserVerification,
  requestUserPasswordReset,
} from '../../modules/auth/email-flows.js';
import { createLoginHandoff } from '../../modules/auth/handoff.js';
import { MIN_PASSWORD_LENGTH } from '../../modules/auth/password-policy.js';
import { listUserStores, verifyUserCredentials } from '../../modules/auth/service.js';
import { acceptInvitation } from '../../modules/staff/service.js';
import { PlatformLayout } from './layout.js';

type Ctx = Context<AppEnv>;

const str = (v: unknown, max = 1000): string => (typeof v === 'string' ? v.slice(0, max) : '');

function Notice(props: { error?: string; notice?: string }) {
  if (props.error)
    return (
      <p class="notice error" role="alert" id="form-error">
        {props.error}
      </p>
    );
  if (props.notice)
    return (
      <p class="notice" role="status">
        {props.notice}
      </p>
    );
  return null;
}

/** Maps the AppErrors a form can expect to a message and status; anything else is rethrown. */
function formError(c: Ctx, err: unknown): { message: string; status: 400 | 401 | 403 | 429 } {
  if (!(err instanceof AppError)) throw err;
  for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
  if (err.code === 'validation_failed')
    return { message: err.issues?.map((i) => i.message).join('. ') || err.message, status: 400 };
  if (err.code === 'invalid_credentials' || err.code === 'unauthenticated')
    return { message: err.message, status: 401 };
  if (err.code === 'rate_limited') return { message: err.message, status: 429 };
  throw err;
}

function LoginForm(props: { c: Ctx; email?: string; next?: string; error?: string }) {
  return (
    <form method="post" action="/login" aria-describedby={props.error ? 'form-error' : undefined}>
      {csrfInput(props.c)}
      {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
      <div class="field">
        <label for="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          value={props.email ?? ''}
        />
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </div>
      <button class="btn" type="submit">
        Log in
      </button>
      <p>
        <a href="/forgot-password">Forgot your password?</a> · <a href="/signup">Open a store</a>
      </p>
    </form>
  );
}

async function signedInView(c: Ctx, userId: string, notice?: string) {
  const deps = c.get('deps');
  const [user, stores] = await Promise.all([
    deps.db
      .selectFrom('users')
      .select(['email', 'is_platform_admin', 'email_verified_at'])
      .where('id', '=', userId)
      .executeTakeFirst(),
    listUserStores(deps, userId),
  ]);
  return c.html(
    <PlatformLayout title="Your stores" current="login">
      <h1>Your stores</h1>
      <Notice notice={notice} />
      <p>
        Signed in as <strong>{user?.email}</strong>.
        {user?.is_platform_admin ? (
          <>
            {' '}
            <a href="/console">Open the console</a>.
          </>
        ) : null}
      </p>
      {stores.length ? (
        <ul>
          {stores.map((s) => (
            <li>
              <form method="post" action="/stores/open" style="display:inline">
                {csrfInput(c)}
                <input type="hidden" name="handle" value={s.handle} />
                <button class="btn btn-secondary" type="submit">
                  {s.name}
                </button>
              </form>{' '}
              <span class="muted">
                ({s.role}
                {s.status === 'suspended' ? ', suspended' : ''}) · {storeUrl(deps.config, s.handle)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">
          You are not a member of any store yet. <a href="/signup">Open one</a>.
        </p>
      )}
      <form method="post" action="/logout">
        {csrfInput(c)}
        <button class="btn btn-secondary" type="submit">
          Log out
        </button>
      </form>
    </PlatformLayout>,
  );
}

async function loginPage(c: Ctx) {
  const p = c.get('principal');
  if (p?.kind === 'user') return signedInView(c, p.userId);
  return c.html(
    <PlatformLayout title="Log in" current="login">
      <h1>Log in</h1>
      <LoginForm c={c} next={safeNext(c.req.query('next'), '')} />
    </PlatformLayout>,
  );
}

async function loginSubmit(c: Ctx) {
  const form = await c.req.parseBody();
  const email = str(form.email, 320).trim();
  const password = str(form.password);
  const next = safeNext(form.next, '');
  const fail = (message: string, status: 400 | 401 | 403 | 429) =>
    c.html(
      <PlatformLayout title="Log in" current="login">
        <h1>Log in</h1>
        <Notice error={message} />
        <LoginForm c={c} email={email} next={next} error={message} />
      </PlatformLayout>,
      status,
    );
  if (!email || !password) return fail('Enter your email and password.', 400);
  let user: Awaited<ReturnType<typeof verifyUserCredentials>>;
  try {
    user = await verifyUserCredentials(
      c.get('deps'),
      { email, password },
      { ip: clientIp(c), userAgent: c.req.header('user-agent') },
    );
  } catch (err) {
    const e = formError(c, err);
    return fail(e.message, e.status);
  }
  await startUserPageSession(c, user.id);
  return c.redirect(next || (user.isPlatformAdmin ? '/console' : '/login'), 303);
}

/** Opens a store's admin, signed in (single-use handoff; see modules/auth/handoff.ts). */
async function openStoreSubmit(c: Ctx) {
  const p = c.get('principal');
  if (p?.kind !== 'user') return c.redirect('/login', 303);
  const handle = str((await c.req.parseBody()).handle, 40);
  const h = await createLoginHandoff(c.get('deps'), p.userId, handle);
  if (!h) throw new AppError('not_found', 'Not found');
  return c.redirect(
    `${storeUrl(c.get('deps').config, h.store.handle)}/admin/handoff?token=${encodeURIComponent(h.token)}`,
    303,
  );
}

async function logoutSubmit(c: Ctx) {
  await endPageSession(c);
  return c.redirect('/login', 303);
}

function ForgotForm(props: { c: Ctx; email?: string }) {
  return (
    <form method="post" action="/forgot-password">
      {csrfInput(props.c)}
      <div class="field">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="email" required value={props.email ?? ''} />
      </div>
      <button class="btn" type="submit">
        Send a reset link
      </button>
    </form>
  );
}

async function forgotPage(c: Ctx) {
  return c.html(
    <PlatformLayout title="Reset your password">
      <h1>Reset your password</h1>
      <p>We will email you a link to choose a new password.</p>
      <ForgotForm c={c} />
    </PlatformLayout>,
  );
}

async function forgotSubmit(c: Ctx) {
  const email = str((await c.req.parseBody()).email, 320).trim();
  let error: { message: string; status: 400 | 401 | 403 | 429 } | undefined;
  if (email) {
    try {
      await requestUserPasswordReset(c.get('deps'), email);
    } catch (err) {
      error = formError(c, err);
    }
  } else error = { message: 'Enter your email.', status: 400 };
  return c.html(
    <PlatformLayout title="Reset your password">
      <h1>Reset your password</h1>
      {error ? (
        <>
          <Notice error={error.message} />
          <ForgotForm c={c} email={email} />
        </>
      ) : (
        <Notice notice="If an account exists for that address, a reset link is on its way. It works once, for one hour." />
      )}
    </PlatformLayout>,
    error?.status ?? 200,
  );
}

function ResetForm(props: { c: Ctx; token: string }) {
  return (
    <form method="post" action="/reset-password">
      {csrfInput(props.c)}
      <input type="hidden" name="token" value={props.token} />
      <div class="field">
        <label for="password">New password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength={MIN_PASSWORD_LENGTH}
          required
          aria-describedby="pw-hint"
        />
        <span class="hint" id="pw-hint">
          At least {MIN_PASSWORD_LENGTH} characters; common passwords are refused.
        </span>
      </div>
      <button class="btn" type="submit">
        Set the new password
      </button>
    </form>
  );
}

async function resetPage(c: Ctx) {
  const token = str(c.req.query('token'), 200);
  return c.html(
    <PlatformLayout title="Choose a new password">
      <h1>Choose a new password</h1>
      {token ? (
        <ResetForm c={c} token={token} />
      ) : (
        <Notice error="This link is incomplete. Ask for a new one." />
      )}
    </PlatformLayout>,
    token ? 200 : 400,
  );
}

async function resetSubmit(c: Ctx) {
  const form = await c.req.parseBody();
  const token = str(form.token, 200);
  try {
    await confirmUserPasswordReset(c.get('deps'), token, str(form.password));
  } catch (err) {
    const e = formError(c, err);
    return c.html(
      <PlatformLayout title="Choose a new password">
        <h1>Choose a new password</h1>
        <Notice error={e.message} />
        {e.status === 400 ? (
          <ResetForm c={c} token={token} />
        ) : (
          <p>
            <a href="/forgot-password">Ask for a new link</a>
          </p>
        )}
      </PlatformLayout>,
      e.status,
    );
  }
  return c.html(
    <PlatformLayout title="Password changed">
      <h1>Password changed</h1>
      <Notice notice="Your password is changed and every other session was signed out." />
      <p>
        <a class="btn" href="/login">
          Log in
        </a>
      </p>
    </PlatformLayout>,
  );
}

async function verifyPage(c: Ctx) {
  const token = str(c.req.query('token'), 200);
  return c.html(
    <PlatformLayout title="Confirm your email">
      <h1>Confirm your email</h1>
      <form method="post" action="/verify-email">
        {csrfInput(c)}
        <input type="hidden" name="token" value={token} />
        <button class="btn" type="submit">
          Confirm my email address
        </button>
      </form>
    </PlatformLayout>,
  );
}

async function verifySubmit(c: Ctx) {
  const token = str((await c.req.parseBody()).token, 200);
  try {
    await confirmUserVerification(c.get('deps'), token);
  } catch (err) {
    const e = formError(c, err);
    return c.html(
      <PlatformLayout title="Confirm your email">
        <h1>Confirm your email</h1>
        <Notice error={e.message} />
      </PlatformLayout>,
      e.status,
    );
  }
  return c.html(
    <PlatformLayout title="Email confirmed">
      <h1>Email confirmed</h1>
      <Notice notice="Thank you — your email address is confirmed." />
      <p>
        <a href="/login">Go to your stores</a>
      </p>
    </PlatformLayout>,
  );
}

function AcceptForm(props: { c: Ctx; token: string }) {
  return (
    <form method="post" action="/staff/accept">
      {csrfInput(props.c)}
      <input type="hidden" name="token" value={props.token} />
      <div class="field">
        <label for="name">Your name (new accounts)</label>
        <input id="name" name="name" autocomplete="name" />
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" required aria-describedby="accept-hint" />
        <span class="hint" id="accept-hint">
          Already have a Storeloom account with this email? Enter its password. Otherwise choose one (at least{' '}
          {MIN_PASSWORD_LENGTH} characters).
        </span>
      </div>
      <button class="btn" type="submit">
        Accept the invitation
      </button>
    </form>
  );
}

async function acceptPage(c: Ctx) {
  const token = str(c.req.query('token'), 200);
  return c.html(
    <PlatformLayout title="Join a store">
      <h1>Join a store</h1>
      <AcceptForm c={c} token={token} />
    </PlatformLayout>,
  );
}

async function acceptSubmit(c: Ctx) {
  const form = await c.req.parseBody();
  const token = str(form.token, 200);
  const name = str(form.name, 200).trim();
  let joined: Awaited<ReturnType<typeof acceptInvitation>>;
  try {
    joined = await acceptInvitation(
      c.get('deps'),
      { token, password: str(form.password), name: name || undefined },
      clientIp(c),
    );
  } catch (err) {
    const e = formError(c, err);
    return c.html(
      <PlatformLayout title="Join a store">
        <h1>Join a store</h1>
        <Notice error={e.message} />
        <AcceptForm c={c} token={token} />
      </PlatformLayout>,
      e.status,
    );
  }
  await startUserPageSession(c, joined.userId);
  return signedInView(c, joined.userId, `You joined ${joined.handle} as ${joined.role}.`);
}

export const accountPages = new Hono<AppEnv>();
for (const path of [
  '/login',
  '/logout',
  '/forgot-password',
  '/reset-password',
  '/verify-email',
  '/staff/accept',
])
  accountPages.use(path, onlyOn('apex'));
accountPages.get('/login', loginPage);
accountPages.post('/login', loginSubmit);
accountPages.post('/logout', logoutSubmit);
accountPages.post('/stores/open', openStoreSubmit);
accountPages.get('/forgot-password', forgotPage);
accountPages.post('/forgot-password', forgotSubmit);
accountPages.get('/reset-password', resetPage);
accountPages.post('/reset-password', resetSubmit);
accountPages.get('/verify-email', verifyPage);
accountPages.post('/verify-email', verifySubmit);
accountPages.get('/staff/accept', acceptPage);
accountPages.post('/staff/accept', acceptSubmit);
