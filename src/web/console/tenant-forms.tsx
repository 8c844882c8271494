/**
 * The console tenant page's operation forms (tenant-page.tsx lays them out):
 * plan override, trial extension, "sign in as owner", suspend / reactivate /
 * delete, and for a closing store "purge now" / "cancel closing". Built on
 * the UI kit's controls: each form's server error shows next to the field it
 * names (else at the top of that form) and what was typed is kept.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { IMPERSONATION_MINUTES } from '../../modules/console/impersonation.js';
import type { TenantDetail } from '../../modules/console/service.js';
import { MAX_TRIAL_EXTENSION_DAYS } from '../../modules/console/tenant-ops.js';
import type { Entitlements } from '../../modules/entitlements/service.js';
import { Button } from '../components/ui.js';
import { Field, Select, Textarea } from '../components/ui-form.js';
import { when } from './layout.js';

type Ctx = Context<AppEnv>;

export interface TenantPageState {
  notice?: string;
  error?: string;
  /** Which form the error belongs to, the field it names, and what was typed there. */
  form?: string;
  field?: string;
  values?: Record<string, string>;
  status?: 200 | 400 | 409;
}

interface FormProps {
  c: Ctx;
  t: TenantDetail;
  s: TenantPageState;
}

/** The error of `field` in `form`, if the last submit of that form failed there. */
const errorOf = (s: TenantPageState, form: string, field: string) =>
  s.form === form && s.field === field ? s.error : undefined;

const typed = (s: TenantPageState, form: string, field: string, fallback = '') =>
  s.form === form ? (s.values?.[field] ?? fallback) : fallback;

/** A form error that names no field of the form: shown at its top. */
function FormError({ s, form, fields }: { s: TenantPageState; form: string; fields: string[] }) {
  return s.form === form && s.error && !fields.includes(s.field ?? '') ? (
    <p class="error-text" role="alert">
      {s.error}
    </p>
  ) : null;
}

function ReasonField({ s, form, label }: { s: TenantPageState; form: string; label?: string }) {
  return (
    <Textarea
      id={`${form}-reason`}
      name="reason"
      label={label ?? 'Reason (kept in the audit log)'}
      value={typed(s, form, 'reason')}
      error={errorOf(s, form, 'reason')}
      rows={2}
      maxlength={500}
      required
    />
  );
}

function ConfirmField({ s, form, handle }: { s: TenantPageState; form: string; handle: string }) {
  return (
    <Field
      id={`${form}-confirm`}
      name="confirm"
      label={
        <>
          Type <strong>{handle}</strong> to confirm
        </>
      }
      value={typed(s, form, 'confirm')}
      error={errorOf(s, form, 'confirm')}
      autocomplete="off"
      required
    />
  );
}

function OpForm(props: {
  t: TenantDetail;
  c: Ctx;
  s: TenantPageState;
  form: string;
  action: string;
  title: string;
  danger?: boolean;
  fields: string[];
  children: unknown;
}) {
  return (
    <form
      method="post"
      action={`/console/tenants/${props.t.id}/${props.action}`}
      class={props.danger ? 'card danger' : 'card'}
      aria-labelledby={`${props.form}-h`}
      novalidate
    >
      <h2 id={`${props.form}-h`}>{props.title}</h2>
      <FormError s={props.s} form={props.form} fields={props.fields} />
      {csrfInput(props.c)}
      {props.children}
    </form>
  );
}

export function PlanForm({ c, t, s, plans }: FormProps & { plans: Entitlements[] }) {
  return (
    <OpForm c={c} t={t} s={s} form="plan" action="plan" title="Override the plan" fields={['plan', 'reason']}>
      <p class="muted">Takes effect at once. A later Stripe subscription change may set the plan again.</p>
      <Select
        id="plan-plan"
        name="plan"
        label="New plan"
        options={plans.map((p) => ({ value: p.plan, label: p.planName }))}
        value={typed(s, 'plan', 'plan', t.plan)}
        error={errorOf(s, 'plan', 'plan')}
      />
      <ReasonField s={s} form="plan" />
      <div class="form-actions">
        <Button>Change plan</Button>
      </div>
    </OpForm>
  );
}

export function TrialForm({ c, t, s }: FormProps) {
  return (
    <OpForm
      c={c}
      t={t}
      s={s}
      form="trial"
      action="trial"
      title="Extend the trial"
      fields={['days', 'reason']}
    >
      <p class="muted">Trial ends: {when(t.trialEndsAt)}</p>
      <Field
        id="trial-days"
        name="days"
        label={`Days to add (1–${MAX_TRIAL_EXTENSION_DAYS})`}
        inputmode="numeric"
        value={typed(s, 'trial', 'days', '14')}
        error={errorOf(s, 'trial', 'days')}
        required
      />
      <ReasonField s={s} form="trial" />
      <div class="form-actions">
        <Button>Extend trial</Button>
      </div>
    </OpForm>
  );
}

export function ImpersonateForm({ c, t, s }: FormProps) {
  return (
    <OpForm
      c={c}
      t={t}
      s={s}
      form="impersonate"
      action="impersonate"
      title="Sign in as this store's owner"
      fields={['minutes', 'reason']}
    >
      <p class="muted">
        For support. Opens the store admin as {t.owners[0]?.email ?? 'the owner'}; a banner shows on every
        page and the session ends by itself.
      </p>
      <Select
        id="impersonate-minutes"
        name="minutes"
        label="For how long"
        options={IMPERSONATION_MINUTES.map((m) => ({ value: String(m), label: `${m} minutes` }))}
        value={typed(s, 'impersonate', 'minutes', '30')}
      />
      <ReasonField s={s} form="impersonate" label="Reason, e.g. the support ticket (kept in the audit log)" />
      <div class="form-actions">
        {t.owners.length === 0 ? (
          <p class="muted">This store has no owner to sign in as.</p>
        ) : (
          <Button>Sign in as owner</Button>
        )}
      </div>
    </OpForm>
  );
}

/** Suspend or delete: a reason and the store's handle typed again. */
export function DangerForm({ c, t, s, kind }: FormProps & { kind: 'suspend' | 'delete' }) {
  const suspend = kind === 'suspend';
  return (
    <OpForm
      c={c}
      t={t}
      s={s}
      form={kind}
      action={kind}
      title={suspend ? 'Suspend this store' : 'Delete this store'}
      danger
      fields={['reason', 'confirm']}
    >
      <p>
        {suspend
          ? 'The storefront shows “store unavailable” and the store API refuses requests; the admin stays reachable. You can reactivate it later.'
          : 'The store stops resolving at once: storefront, API and admin. Its data is kept until removed by the deletion process.'}
      </p>
      <ReasonField s={s} form={kind} />
      <ConfirmField s={s} form={kind} handle={t.handle} />
      <div class="form-actions">
        <Button variant="danger">{suspend ? 'Suspend store' : 'Delete store'}</Button>
      </div>
    </OpForm>
  );
}

export function ReactivateForm({ c, t, s }: FormProps) {
  return (
    <OpForm c={c} t={t} s={s} form="reactivate" action="reactivate" title="Reactivate this store" fields={[]}>
      <div class="form-actions">
        <Button>Reactivate</Button>
      </div>
    </OpForm>
  );
}

/** A store its owner is closing: remove it now (reason + handle), or cancel the closing (reason). */
export function ClosingForms({ c, t, s }: FormProps) {
  if (!t.closing) return null;
  return (
    <>
      <OpForm
        c={c}
        t={t}
        s={s}
        form="cancel-closing"
        action="cancel-closing"
        title="Cancel closing"
        fields={['reason']}
      >
        <p>
          The owner closed this store on {when(t.closing.requestedAt)}. Cancelling reopens it at once with all
          of its data; the owner is e-mailed. Their subscription stays cancelled.
        </p>
        <ReasonField s={s} form="cancel-closing" />
        <div class="form-actions">
          <Button>Cancel closing</Button>
        </div>
      </OpForm>
      <OpForm
        c={c}
        t={t}
        s={s}
        form="purge"
        action="purge"
        title="Purge now"
        danger
        fields={['reason', 'confirm']}
      >
        <p>
          Deletes every row of this store for good now instead of after {when(t.closing.purgeAfter)}, and
          frees the address <strong>{t.handle}</strong>. Only a tombstone (handle, dates, who) is kept.
        </p>
        <ReasonField s={s} form="purge" />
        <ConfirmField s={s} form="purge" handle={t.handle} />
        <div class="form-actions">
          <Button variant="danger">Purge now</Button>
        </div>
      </OpForm>
    </>
  );
}
