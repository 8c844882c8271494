/**
 * Store admin entry pages (store host): /admin/login (sign-in form, cookie
 * session bound to this store's host), /admin/logout, and /admin (overview
 * dashboard, dashboard.tsx). Sign-in uses the same credential check as the API
 * (rate limits, audit, constant-work failures).
 */

import { type Context, Hono } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { endPageSession, safeNext, startUserPageSession } from '../../http/session.js';
import { storeUrl } from '../../lib/config.js';
import { AppError } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, storeOf } from '../../lib/http/middleware.js';
import { createLoginHandoff, redeemLoginHandoff } from '../../modules/auth/handoff.js';
import { listUserStores, verifyUserCredentials } from '../../modules/auth/service.js';
import { UI_CSS } from '../assets/ui-css.js';
import { CredentialsForm } from '../components/credentials-form.js';
import { HeadLink } from '../components/head-link.js';
import { dashboardPage } from './dashboard.js';
import { adminGuard } from './layout.js';

type Ctx = Context<AppEnv>;

const CARD_CSS =
  ':root{--c-primary:#4338ca;--c-on-primary:#fff;--c-bg:#fff;--c-surface:#f7f7fb;--c-text:#17172b;--c-muted:#55556a;' +
  '--c-accent:#0e9f6e;--c-border:#dcdce8;--f-body:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--f-heading:var(--f-body)}' +
  '.auth-card{max-width:26rem;margin:4rem auto;padding:0 1rem}';

/** A minimal standalone page (store-host sign-in) — the shell needs a signed-in user. */
export function AuthCardPage(props: { title: string; heading: string; children?: Child }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="robots" content="noindex" />
          <HeadLink rel="icon" href="data:," />
          <title>{props.title}</title>
          <style dangerouslySetInnerHTML={{ __html: CARD_CSS + UI_CSS }} />
        </head>
        <body>
          <main id="main" class="auth-card">
            <h1>{props.heading}</h1>
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

function LoginForm(props: { c: Ctx; email?: string; error?: string; next?: string }) {
  return (
    <>
      {props.error ? (
        <p class="notice error" role="alert" id="login-error">
          {props.error}
        </p>
      ) : null}
      <CredentialsForm
        c={props.c}
        action="/admin/login"
        submitLabel="Sign in"
        email={props.email}
        next={props.next}
        describedBy={props.error ? 'login-error' : undefined}
      />
    </>
  );
}

async function loginPage(c: Ctx) {
  const store = storeOf(c);
  const next = safeNext(c.req.query('next'), '/admin');
  return c.html(
    <AuthCardPage title={`Sign in · ${store.name} admin`} heading={`Sign in to ${store.name}`}>
      <LoginForm c={c} next={next} />
      <p class="muted">
        <a href={`${c.get('deps').config.PUBLIC_URL}/forgot-password`}>Forgot your password?</a>
      </p>
    </AuthCardPage>,
  );
}

async function loginSubmit(c: Ctx) {
  const deps = c.get('deps');
  const store = storeOf(c);
  const form = await c.req.parseBody();
  const email = typeof form.email === 'string' ? form.email.trim() : '';
  const password = typeof form.password === 'string' ? form.password : '';
  const next = safeNext(form.next, '/admin');
  const render = (error: string, status: 400 | 401 | 403 | 429) =>
    c.html(
      <AuthCardPage title={`Sign in · ${store.name} admin`} heading={`Sign in to ${store.name}`}>
        <LoginForm c={c} email={email} error={error} next={next} />
      </AuthCardPage>,
      status,
    );
  if (!email || !password || email.length > 320 || password.length > 1000)
    return render('Enter your email and password.', 400);
  let userId: string;
  try {
    userId = (
      await verifyUserCredentials(
        deps,
        { email, password },
        { ip: clientIp(c), userAgent: c.req.header('user-agent') },
      )
    ).id;
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_credentials') return render(err.message, 401);
    if (err instanceof AppError && err.code === 'rate_limited') {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return render(err.message, 429);
    }
    throw err;
  }
  const stores = await listUserStores(deps, userId);
  if (!stores.some((s) => s.id === store.id)) return render('This account has no access to this store.', 403);
  await startUserPageSession(c, userId);
  return c.redirect(next, 303);
}

/** Store switcher: hands the signed-in merchant over to another of their stores (see modules/auth/handoff.ts). */
async function switchSubmit(c: Ctx) {
  const p = c.get('principal');
  if (p?.kind !== 'user') return c.redirect('/admin/login', 303);
  const handle = String((await c.req.parseBody()).handle ?? '').slice(0, 40);
  const h = await createLoginHandoff(c.get('deps'), p.userId, handle);
  if (!h) throw new AppError('not_found', 'Not found');
  const target = storeUrl(c.get('deps').config, h.store.handle);
  return c.redirect(`${target}/admin/handoff?token=${encodeURIComponent(h.token)}`, 303);
}

async function handoffPage(c: Ctx) {
  const token = c.req.query('token') ?? '';
  const userId = token
    ? await redeemLoginHandoff(c.get('deps'), token.slice(0, 200), storeOf(c).id)
    : undefined;
  if (!userId) return c.redirect('/admin/login', 303);
  await startUserPageSession(c, userId);
  return c.redirect('/admin', 303);
}

async function logoutSubmit(c: Ctx) {
  await endPageSession(c);
  return c.redirect('/admin/login', 303);
}

export const adminShellPages = new Hono<AppEnv>();
adminShellPages.use('/admin', onlyOn('store'));
adminShellPages.use('/admin/*', onlyOn('store'));
adminShellPages.get('/admin/login', loginPage);
adminShellPages.post('/admin/login', loginSubmit);
adminShellPages.post('/admin/logout', logoutSubmit);
adminShellPages.post('/admin/switch', ...adminGuard('staff'), switchSubmit);
adminShellPages.get('/admin/handoff', handoffPage);
adminShellPages.get('/admin', ...adminGuard('staff'), dashboardPage);
