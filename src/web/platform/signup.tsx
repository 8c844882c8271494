/**
 * The signup page (`/signup` on the apex). Works without JavaScript: the form
 * POSTs to /signup, errors come back inline on the same page, and success
 * redirects (303) to the new store's /admin, signed in through a single-use
 * login handoff. A small script adds the live
 * handle-availability check (GET /api/signup/handle-availability) and
 * suggests a handle from the store name.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { signup } from '../../flows/signup.js';
import { AppError, validationError } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { createLoginHandoff } from '../../modules/auth/handoff.js';
import { limitSignups } from '../../modules/signup/routes.js';
import { type TemplateSummary, ZSignup } from '../../modules/signup/schemas.js';
import { listTemplateSummaries } from '../../modules/signup/service.js';
import { PlatformLayout } from './layout.js';
import { AccountFields, HANDLE_SCRIPT, PAGE_CSS, TemplateChooser } from './signup-form.js';

export interface SignupFormValues {
  email?: string;
  storeName?: string;
  handle?: string;
  template?: string;
}

export interface SignupPageProps {
  values: SignupFormValues;
  /** Field → message. */
  errors?: Record<string, string>;
  /** A message for the whole form (409, 429, …). */
  formError?: string;
  templates: TemplateSummary[];
  /** e.g. `localhost:3000`: shown after the handle field. */
  apexHost: string;
  /** `http:` or `https:` (from PUBLIC_URL). */
  protocol?: string;
  /** The CSRF hidden input (rendered by the caller). */
  csrf?: Child;
}

export function SignupPage(props: SignupPageProps) {
  const v = props.values;
  const e = props.errors ?? {};
  const selected = v.template ?? 'blank';
  return (
    <PlatformLayout
      title="Open your store"
      current="signup"
      description="Create your Storeloom store in seconds."
      head={<style dangerouslySetInnerHTML={{ __html: PAGE_CSS }} />}
      scripts={[HANDLE_SCRIPT]}
    >
      <h1>Open your store</h1>
      <p class="muted">
        14 days free. Already have an account? <a href="/login">Log in</a> to add another store.
      </p>
      {props.formError ? (
        <div class="notice error" role="alert">
          {props.formError}
        </div>
      ) : Object.keys(e).length > 0 ? (
        <div class="notice error" role="alert">
          Please correct the highlighted fields.
        </div>
      ) : null}
      <form method="post" action="/signup" class="signup" novalidate>
        {props.csrf}
        <AccountFields values={v} errors={e} apexHost={props.apexHost} protocol={props.protocol} />
        <TemplateChooser templates={props.templates} selected={selected} error={e.template} />
      </form>
    </PlatformLayout>
  );
}

// ── Handlers ───────────────────────────────────────────────────────────────

function apexOnly(c: Context<AppEnv>): void {
  if (c.get('site').kind !== 'apex') throw new AppError('not_found', 'Not found');
}

async function renderSignup(
  c: Context<AppEnv>,
  values: SignupFormValues,
  status: 200 | 400 | 409 | 429 = 200,
  errors?: Record<string, string>,
  formError?: string,
): Promise<Response> {
  return c.html(
    <SignupPage
      values={values}
      errors={errors}
      formError={formError}
      templates={await listTemplateSummaries()}
      apexHost={c.get('deps').config.apexHost}
      protocol={new URL(c.get('deps').config.PUBLIC_URL).protocol}
      csrf={csrfInput(c)}
    />,
    status,
  );
}

/** `GET /signup` (apex). `?template=` preselects a template. */
export async function signupPage(c: Context<AppEnv>): Promise<Response> {
  apexOnly(c);
  const template = c.req.query('template');
  return renderSignup(c, { template: template && /^[a-z0-9-]{1,40}$/.test(template) ? template : undefined });
}

/** `POST /signup` (apex, form): same rules as POST /api/signup; success → 303 to the store's /admin. */
export async function signupSubmit(c: Context<AppEnv>): Promise<Response> {
  apexOnly(c);
  const form = await c.req.parseBody();
  const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
  const values: SignupFormValues = {
    email: str('email').trim(),
    storeName: str('storeName').trim(),
    handle: str('handle').trim(),
    template: str('template') || undefined,
  };
  try {
    await limitSignups(c);
    const parsed = ZSignup.safeParse({ ...values, password: str('password') });
    if (!parsed.success) throw validationError(parsed.error);
    const deps = c.get('deps');
    const result = await signup(deps, parsed.data, { ip: clientIp(c) });
    // Cookies are host-bound: hand the new owner over to the store's admin
    // with a single-use 60-second token (src/modules/auth/handoff.ts).
    const handoff = await createLoginHandoff(deps, result.merchant.id, result.store.handle);
    return c.redirect(
      handoff
        ? `${result.store.url}/admin/handoff?token=${encodeURIComponent(handoff.token)}`
        : `${result.store.url}/admin`,
      303,
    );
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'validation_failed') {
      const errors: Record<string, string> = {};
      for (const i of err.issues ?? []) {
        const key = i.path.split('.')[0] || 'form';
        errors[key] ??= i.message;
      }
      return renderSignup(c, values, 400, errors);
    }
    if (err.code === 'handle_taken')
      return renderSignup(c, values, 409, { handle: 'This store address is already taken' });
    if (err.code === 'email_taken')
      return renderSignup(c, values, 409, {
        email: 'An account with this email already exists. Log in to add another store.',
      });
    if (err.code === 'rate_limited') {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return renderSignup(c, values, 429, undefined, err.message);
    }
    throw err;
  }
}
