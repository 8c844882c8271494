/**
 * The console's tenant detail: who and what the store is, its usage against
 * its plan's limits, and the operations support and sales need — plan
 * override, trial extension, "sign in as this store's owner", suspend /
 * reactivate / delete. Every operation asks for a reason (kept in the audit
 * log); suspend and delete also ask to type the store's handle.
 */
import type { Context } from 'hono';
import { storeUrl } from '../../lib/config.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { IMPERSONATION_MINUTES } from '../../modules/console/impersonation.js';
import type { TenantDetail } from '../../modules/console/service.js';
import { MAX_TRIAL_EXTENSION_DAYS } from '../../modules/console/tenant-ops.js';
import type { Entitlements } from '../../modules/entitlements/service.js';
import { ConsoleLayout, when } from './layout.js';

type Ctx = Context<AppEnv>;

export interface TenantPageState {
  notice?: string;
  error?: string;
  /** Which form the error belongs to, and what was typed there. */
  form?: string;
  values?: Record<string, string>;
  status?: 200 | 400 | 409;
}

function Meter(props: { label: string; used: number; limit: number | null; unit: string }) {
  const pct =
    props.limit === null ? 0 : Math.min(100, Math.round((props.used / Math.max(props.limit, 1)) * 100));
  const full = props.limit !== null && props.used >= props.limit;
  return (
    <div class="card stat">
      <span class="muted">{props.label}</span>
      <span class="n">
        {props.used}
        <span class="muted" style="font-size:1rem;font-weight:400">
          {' '}
          / {props.limit === null ? 'unlimited' : props.limit} {props.unit}
        </span>
      </span>
      {props.limit !== null ? (
        <span class={full ? 'meter full' : 'meter'} aria-hidden="true">
          <span style={`width:${pct}%`} />
        </span>
      ) : null}
      {full ? <span class="muted">At the plan's limit</span> : null}
    </div>
  );
}

function Feature(props: { label: string; included: boolean; used: string }) {
  return (
    <div class="card stat">
      <span class="muted">{props.label}</span>
      <span class="n" style="font-size:1.1rem">
        {props.included ? 'Included' : 'Not in plan'}
      </span>
      <span class="muted">{props.used}</span>
    </div>
  );
}

function Usage({ t }: { t: TenantDetail }) {
  const e = t.entitlements;
  return (
    <section aria-labelledby="usage-h">
      <h2 id="usage-h">Usage against the {e.planName} plan</h2>
      <div class="stats">
        <Meter label="Products" used={t.usage.products} limit={e.productLimit} unit="products" />
        <Meter label="Staff seats" used={t.usage.staffSeats} limit={e.staffSeats} unit="seats" />
        <Feature
          label="Custom domain"
          included={e.customDomain}
          used={`${t.usage.customDomains} domain${t.usage.customDomains === 1 ? '' : 's'} set`}
        />
        <Feature
          label="Dynamic pricing"
          included={e.dynamicPricing}
          used={`${t.usage.demandRules} demand rule${t.usage.demandRules === 1 ? '' : 's'}`}
        />
        <div class="card stat">
          <span class="muted">Transaction fee</span>
          <span class="n">{(e.transactionFeeBp / 100).toFixed(2)}%</span>
        </div>
      </div>
    </section>
  );
}

function FieldError({ s, form }: { s: TenantPageState; form: string }) {
  return s.form === form && s.error ? (
    <p class="error-text" role="alert" id={`${form}-error`}>
      {s.error}
    </p>
  ) : null;
}

function ReasonField({ s, form, label }: { s: TenantPageState; form: string; label?: string }) {
  return (
    <div class="field">
      <label for={`${form}-reason`}>{label ?? 'Reason (kept in the audit log)'}</label>
      <textarea
        id={`${form}-reason`}
        name="reason"
        required
        minlength={3}
        maxlength={500}
        rows={2}
        aria-describedby={s.form === form && s.error ? `${form}-error` : undefined}
      >
        {s.form === form ? (s.values?.reason ?? '') : ''}
      </textarea>
    </div>
  );
}

function PlanForm({
  c,
  t,
  plans,
  s,
}: {
  c: Ctx;
  t: TenantDetail;
  plans: Entitlements[];
  s: TenantPageState;
}) {
  return (
    <form method="post" action={`/console/tenants/${t.id}/plan`} class="card" aria-labelledby="plan-h">
      <h2 id="plan-h">Override the plan</h2>
      <p class="muted">Takes effect at once. A later Stripe subscription change may set the plan again.</p>
      <FieldError s={s} form="plan" />
      {csrfInput(c)}
      <div class="field">
        <label for="plan-plan">New plan</label>
        <select id="plan-plan" name="plan">
          {plans.map((p) => (
            <option value={p.plan} selected={p.plan === t.plan}>
              {p.planName}
            </option>
          ))}
        </select>
      </div>
      <ReasonField s={s} form="plan" />
      <button class="btn" type="submit">
        Change plan
      </button>
    </form>
  );
}

function TrialForm({ c, t, s }: { c: Ctx; t: TenantDetail; s: TenantPageState }) {
  return (
    <form method="post" action={`/console/tenants/${t.id}/trial`} class="card" aria-labelledby="trial-h">
      <h2 id="trial-h">Extend the trial</h2>
      <p class="muted">Trial ends: {when(t.trialEndsAt)}</p>
      <FieldError s={s} form="trial" />
      {csrfInput(c)}
      <div class="field">
        <label for="trial-days">Days to add (1–{MAX_TRIAL_EXTENSION_DAYS})</label>
        <input
          id="trial-days"
          name="days"
          type="number"
          min={1}
          max={MAX_TRIAL_EXTENSION_DAYS}
          required
          value={s.form === 'trial' ? (s.values?.days ?? '14') : '14'}
        />
      </div>
      <ReasonField s={s} form="trial" />
      <button class="btn" type="submit">
        Extend trial
      </button>
    </form>
  );
}

function ImpersonateForm({ c, t, s }: { c: Ctx; t: TenantDetail; s: TenantPageState }) {
  return (
    <form method="post" action={`/console/tenants/${t.id}/impersonate`} class="card" aria-labelledby="imp-h">
      <h2 id="imp-h">Sign in as this store's owner</h2>
      <p class="muted">
        For support. Opens the store admin as {t.owners[0]?.email ?? 'the owner'}; a banner shows on every
        page and the session ends by itself.
      </p>
      <FieldError s={s} form="impersonate" />
      {csrfInput(c)}
      <div class="field">
        <label for="impersonate-minutes">For how long</label>
        <select id="impersonate-minutes" name="minutes">
          {IMPERSONATION_MINUTES.map((m) => (
            <option value={String(m)} selected={m === 30}>
              {m} minutes
            </option>
          ))}
        </select>
      </div>
      <ReasonField s={s} form="impersonate" label="Reason, e.g. the support ticket (kept in the audit log)" />
      <button class="btn" type="submit" disabled={t.owners.length === 0}>
        Sign in as owner
      </button>
    </form>
  );
}

/** Suspend or delete: a reason and the store's handle typed again. */
function DangerForm({
  c,
  t,
  s,
  kind,
}: {
  c: Ctx;
  t: TenantDetail;
  s: TenantPageState;
  kind: 'suspend' | 'delete';
}) {
  const suspend = kind === 'suspend';
  return (
    <form
      method="post"
      action={`/console/tenants/${t.id}/${kind}`}
      class="card danger"
      aria-labelledby={`${kind}-h`}
    >
      <h2 id={`${kind}-h`}>{suspend ? 'Suspend this store' : 'Delete this store'}</h2>
      <p>
        {suspend
          ? 'The storefront shows “store unavailable” and the store API refuses requests; the admin stays reachable. You can reactivate it later.'
          : 'The store stops resolving at once: storefront, API and admin. Its data is kept until removed by the deletion process.'}
      </p>
      <FieldError s={s} form={kind} />
      {csrfInput(c)}
      <ReasonField s={s} form={kind} />
      <div class="field">
        <label for={`${kind}-confirm`}>
          Type <strong>{t.handle}</strong> to confirm
        </label>
        <input id={`${kind}-confirm`} name="confirm" required autocomplete="off" />
      </div>
      <button class="btn" type="submit" style="background:#b3261e;border-color:#b3261e">
        {suspend ? 'Suspend store' : 'Delete store'}
      </button>
    </form>
  );
}

export function renderTenantPage(c: Ctx, t: TenantDetail, plans: Entitlements[], s: TenantPageState) {
  const deps = c.get('deps');
  return c.html(
    <ConsoleLayout title={t.name} current="tenants" notice={s.notice} error={s.form ? undefined : s.error}>
      <p>
        <a href="/console">← All tenants</a> ·{' '}
        <a href={`/console/audit?tenantId=${t.id}`}>Audit log of this store</a> · Export store data:{' '}
        <a href={`/console/tenants/${t.id}/export.zip`} download>
          ZIP
        </a>{' '}
        /{' '}
        <a href={`/console/tenants/${t.id}/export.json`} download>
          JSON
        </a>
      </p>
      <dl class="kv">
        <dt>Address</dt>
        <dd>
          <a href={storeUrl(deps.config, t.handle)}>{t.handle}</a>
        </dd>
        <dt>Status</dt>
        <dd>
          <strong>{t.status}</strong>
          {t.suspendedReason ? ` — ${t.suspendedReason}` : ''}
          {t.suspendedAt ? ` (since ${when(t.suspendedAt)})` : ''}
        </dd>
        <dt>Plan</dt>
        <dd>{t.entitlements.planName}</dd>
        <dt>Owners</dt>
        <dd>{t.owners.map((o) => o.email).join(', ') || '—'}</dd>
        <dt>Created</dt>
        <dd>{t.createdAt.slice(0, 10)}</dd>
        <dt>Totals</dt>
        <dd>
          {t.counts.members} members · {t.counts.products} products · {t.counts.orders} orders ·{' '}
          {t.counts.customers} customers
        </dd>
      </dl>
      <Usage t={t} />
      {t.status === 'deleted' ? null : (
        <div class="ops">
          <PlanForm c={c} t={t} plans={plans} s={s} />
          <TrialForm c={c} t={t} s={s} />
          <ImpersonateForm c={c} t={t} s={s} />
          {t.status === 'active' ? (
            <DangerForm c={c} t={t} s={s} kind="suspend" />
          ) : (
            <form
              method="post"
              action={`/console/tenants/${t.id}/reactivate`}
              class="card"
              aria-labelledby="re-h"
            >
              <h2 id="re-h">Reactivate this store</h2>
              {csrfInput(c)}
              <button class="btn" type="submit">
                Reactivate
              </button>
            </form>
          )}
          <DangerForm c={c} t={t} s={s} kind="delete" />
        </div>
      )}
    </ConsoleLayout>,
    s.status ?? 200,
  );
}
