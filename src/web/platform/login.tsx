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
import { Hono } from 'hono';
import { endPageSession, safeNext, startUserPageSession } from '../../http/session.js';
import { storeUrl } from '../../lib/config.js';
import { AppError } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn } from '../../lib/http/middleware.js';
import { createLoginHandoff } from '../../modules/auth/handoff.js';
import { verifyUserCredentials } from '../../modules/auth/service.js';
import { CredentialsForm } from '../components/credentials-form.js';
import { type Ctx, formError, Notice, str } from './form-helpers.js';
import { acceptPage, acceptSubmit } from './invitation-pages.js';
import { PlatformLayout } from './layout.js';
import {
  forgotPage,
  forgotSubmit,
  resetPage,
  resetSubmit,
  verifyPage,
  verifySubmit,
} from './password-pages.js';
import { signedInView } from './signed-in-view.js';

function LoginForm(props: { c: Ctx; email?: string; next?: string; error?: string }) {
  return (
    <CredentialsForm
      c={props.c}
      action="/login"
      submitLabel="Log in"
      email={props.email}
      next={props.next}
      describedBy={props.error ? 'form-error' : undefined}
    >
      <p>
        <a href="/forgot-password">Forgot your password?</a> · <a href="/signup">Open a store</a>
      </p>
    </CredentialsForm>
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
