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
import { allowInlineScript } from '../../lib/http/security-headers.js';
import { createLoginHandoff } from '../../modules/auth/handoff.js';
import { limitSignups } from '../../modules/signup/routes.js';
import { type TemplateSummary, ZSignup } from '../../modules/signup/schemas.js';
import { listTemplateSummaries } from '../../modules/signup/service.js';
import { PlatformLayout } from './layout.js';

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

const HANDLE_SCRIPT = allowInlineScript(`
(function(){
  var input=document.getElementById('handle'), name=document.getElementById('storeName');
  var status=document.getElementById('handle-status'); if(!input||!status) return;
  var touched=input.value.length>0, timer, seq=0;
  function check(){
    var v=input.value.trim().toLowerCase(); var mine=++seq;
    if(!v){status.textContent='';return;}
    fetch('/api/signup/handle-availability?handle='+encodeURIComponent(v),{headers:{accept:'application/json'}})
      .then(function(r){return r.json();}).then(function(b){
        if(mine!==seq) return;
        status.textContent=b.available? (b.handle+' is available') : (b.message||'Not available');
        status.className=b.available?'hint ok':'error-text';
        input.setAttribute('aria-invalid', b.available?'false':'true');
      }).catch(function(){});
  }
  input.addEventListener('input',function(){touched=true;clearTimeout(timer);timer=setTimeout(check,250);});
  if(name) name.addEventListener('input',function(){
    if(touched) return;
    input.value=name.value.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g,'-').replace(/^-+|-+$/g,'').slice(0,40);
    clearTimeout(timer);timer=setTimeout(check,250);
  });
  if(input.value) check();
})();`);

const PAGE_CSS = `
.signup{display:grid;gap:2rem}@media(min-width:60rem){.signup{grid-template-columns:minmax(0,1fr) minmax(0,1.2fr)}}
.handle-row{display:flex;align-items:center;gap:.4rem;flex-wrap:wrap}.handle-row input{flex:1;min-width:8rem}
.templates{border:0;padding:0;margin:0 0 1rem}.templates legend{font-weight:600;margin-bottom:.5rem}
.tpl{display:block;border:2px solid var(--c-border);border-radius:.6rem;padding:.75rem;margin:0 0 .75rem;cursor:pointer}
.tpl:has(input:checked){border-color:var(--c-primary)}
.tpl input{margin-right:.5rem}
.swatches{display:flex;gap:.25rem;margin:.4rem 0}.swatch{width:1.4rem;height:1.4rem;border-radius:50%;border:1px solid #0002}
.thumbs{display:flex;gap:.4rem}.thumbs img{width:56px;height:56px;border-radius:.3rem}
.hint.ok{color:#0e7a4f}
`;

function FieldError(props: { id: string; message?: string }) {
  return props.message ? (
    <p id={props.id} class="error-text">
      {props.message}
    </p>
  ) : null;
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
        <div>
          <div class="field">
            <label for="storeName">Store name</label>
            <input
              id="storeName"
              name="storeName"
              required
              maxlength={200}
              value={v.storeName ?? ''}
              autocomplete="organization"
              aria-invalid={e.storeName ? 'true' : undefined}
              aria-describedby={e.storeName ? 'storeName-error' : undefined}
            />
            <FieldError id="storeName-error" message={e.storeName} />
          </div>
          <div class="field">
            <label for="handle">Store address</label>
            <div class="handle-row">
              <input
                id="handle"
                name="handle"
                required
                minlength={3}
                maxlength={40}
                pattern="[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
                value={v.handle ?? ''}
                autocapitalize="none"
                spellcheck={false}
                aria-invalid={e.handle ? 'true' : undefined}
                aria-describedby="handle-hint handle-status"
              />
              <span aria-hidden="true">.{props.apexHost}</span>
            </div>
            <p id="handle-hint" class="hint">
              3–40 letters, digits or dashes. Your store will live at{' '}
              {`${props.protocol ?? 'https:'}//your-address.${props.apexHost}`}
            </p>
            <p id="handle-status" class={e.handle ? 'error-text' : 'hint'} aria-live="polite">
              {e.handle ?? ''}
            </p>
          </div>
          <div class="field">
            <label for="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              required
              maxlength={320}
              value={v.email ?? ''}
              autocomplete="email"
              aria-invalid={e.email ? 'true' : undefined}
              aria-describedby={e.email ? 'email-error' : undefined}
            />
            <FieldError id="email-error" message={e.email} />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              required
              minlength={10}
              maxlength={200}
              autocomplete="new-password"
              aria-invalid={e.password ? 'true' : undefined}
              aria-describedby="password-hint"
            />
            <p id="password-hint" class={e.password ? 'error-text' : 'hint'}>
              {e.password ?? 'At least 10 characters; common passwords are refused.'}
            </p>
          </div>
          <button class="btn" type="submit">
            Create my store
          </button>
        </div>
        <fieldset class="templates">
          <legend>Start from a template</legend>
          <FieldError id="template-error" message={e.template} />
          {props.templates.map((t) => (
            <label class="tpl" for={`tpl-${t.name}`}>
              <input
                type="radio"
                id={`tpl-${t.name}`}
                name="template"
                value={t.name}
                checked={t.name === selected}
              />
              <strong>{t.title}</strong>{' '}
              <span class="muted">
                ({t.productCount} products, {t.currency})
              </span>
              <span class="swatches" aria-hidden="true">
                {['primary', 'accent', 'surface', 'text'].map((k) => (
                  <span
                    class="swatch"
                    style={`background:${/^#[0-9a-fA-F]{6}$/.test(t.colors[k] ?? '') ? t.colors[k] : '#ccc'}`}
                  />
                ))}
              </span>
              <span class="muted" style="display:block">
                {t.description}
              </span>
              {t.previewImages.length > 0 ? (
                <span class="thumbs">
                  {t.previewImages.map((src) => (
                    <img src={src} alt="" width={56} height={56} loading="lazy" />
                  ))}
                </span>
              ) : null}
            </label>
          ))}
        </fieldset>
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
