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
import { Button, ConfirmDialog } from '../components/ui.js';
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

/** The standard fields an operation form may ask for, in this order after its own. */
type OpField = 'reason' | 'confirm';

/** Renders the form's standard fields from its field list (the one place they are laid out). */
function OpFields(props: {
  t: TenantDetail;
  s: TenantPageState;
  form: string;
  fields: readonly string[];
  reasonLabel?: string;
}) {
  return (
    <>
      {props.fields.includes('reason') ? (
        <ReasonField s={props.s} form={props.form} label={props.reasonLabel} />
      ) : null}
      {props.fields.includes('confirm') ? (
        <ConfirmField s={props.s} form={props.form} handle={props.t.handle} />
      ) : null}
    </>
  );
}

/**
 * One console operation: a card with its title, what it does, its own fields
 * (children), then the standard fields its list names (reason, typed handle)
 * and the submit button. An error naming none of its fields shows at its top.
 */
function OpForm(props: {
  t: TenantDetail;
  c: Ctx;
  s: TenantPageState;
  form: string;
  action: string;
  title: string;
  danger?: boolean;
  /** Every field the form sends (its own and the standard ones it wants rendered). */
  fields: readonly (OpField | string)[];
  reasonLabel?: string;
  submit: string;
  /** Shown but not usable, with the reason in `children`. */
  disabled?: boolean;
  children?: unknown;
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
      <FormError s={props.s} form={props.form} fields={[...props.fields]} />
      {csrfInput(props.c)}
      {props.children}
      <OpFields
        t={props.t}
        s={props.s}
        form={props.form}
        fields={props.fields}
        reasonLabel={props.reasonLabel}
      />
      <div class="form-actions">
        <Button variant={props.danger ? 'danger' : 'primary'} disabled={props.disabled}>
          {props.submit}
        </Button>
      </div>
    </form>
  );
}

export function PlanForm({ c, t, s, plans }: FormProps & { plans: Entitlements[] }) {
  return (
    <OpForm
      c={c}
      t={t}
      s={s}
      form="plan"
      action="plan"
      title="Override the plan"
      fields={['plan', 'reason']}
      submit="Change plan"
    >
      <p class="muted">Takes effect at once. A later Stripe subscription change may set the plan again.</p>
      <Select
        id="plan-plan"
        name="plan"
        label="New plan"
        options={plans.map((p) => ({ value: p.plan, label: p.planName }))}
        value={typed(s, 'plan', 'plan', t.plan)}
        error={errorOf(s, 'plan', 'plan')}
      />
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
      submit="Extend trial"
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
    </OpForm>
  );
}

export function ImpersonateForm({ c, t, s }: FormProps) {
  const owner = t.owners[0]?.email;
  return (
    <OpForm
      c={c}
      t={t}
      s={s}
      form="impersonate"
      action="impersonate"
      title="Sign in as this store's owner"
      fields={['minutes', 'reason']}
      reasonLabel="Reason, e.g. the support ticket (kept in the audit log)"
      submit="Sign in as owner"
      disabled={!owner}
    >
      <p class="muted">
        {owner
          ? `For support. Opens the store admin as ${owner}; a banner shows on every page and the session ends by itself.`
          : 'This store has no owner to sign in as.'}
      </p>
      <Select
        id="impersonate-minutes"
        name="minutes"
        label="For how long"
        options={IMPERSONATION_MINUTES.map((m) => ({ value: String(m), label: `${m} minutes` }))}
        value={typed(s, 'impersonate', 'minutes', '30')}
      />
    </OpForm>
  );
}

const DANGER = {
  suspend: {
    title: 'Suspend this store',
    submit: 'Suspend store',
    text: 'The storefront shows “store unavailable” and the store API refuses requests; the admin stays reachable. You can reactivate it later.',
  },
  delete: {
    title: 'Delete this store',
    submit: 'Delete store',
    text: 'The store closes at once (storefront “closed”, subscription cancelled, owner e-mailed) and all of its data is purged after the grace period — or now, with “Purge now”. Until then it can be reopened.',
  },
} as const;

/** Suspend or delete: a reason and the store's handle typed again. */
export function DangerForm({ c, t, s, kind }: FormProps & { kind: 'suspend' | 'delete' }) {
  const d = DANGER[kind];
  return (
    <OpForm
      c={c}
      t={t}
      s={s}
      form={kind}
      action={kind}
      title={d.title}
      danger
      fields={['reason', 'confirm']}
      submit={d.submit}
    >
      <p>{d.text}</p>
    </OpForm>
  );
}

export function ReactivateForm({ c, t, s }: FormProps) {
  return (
    <OpForm
      c={c}
      t={t}
      s={s}
      form="reactivate"
      action="reactivate"
      title="Reactivate this store"
      fields={[]}
      submit="Reactivate"
    />
  );
}

/**
 * A closing store: cancel the closing (reason), or remove it now — behind the
 * kit's confirm dialog holding the same standard fields (reason, handle); it
 * opens by itself when its last submit was refused, so the error shows.
 */
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
        submit="Cancel closing"
      >
        <p>
          This store has been closing since {when(t.closing.requestedAt)}. Cancelling reopens it at once with
          all of its data; the owner is e-mailed. Their subscription stays cancelled.
        </p>
      </OpForm>
      <section class="card danger" aria-labelledby="purge-h">
        <h2 id="purge-h">Purge now</h2>
        <p>
          Deletes every row of this store for good now instead of after {when(t.closing.purgeAfter)}, and
          frees the address <strong>{t.handle}</strong>. Only a tombstone (handle, dates, who) is kept.
        </p>
        <FormError s={s} form="purge" fields={['reason', 'confirm']} />
        <ConfirmDialog
          action={`/console/tenants/${t.id}/purge`}
          csrf={csrfInput(c)}
          label="Purge now…"
          confirmLabel="Purge now"
          message={<>This cannot be undone.</>}
          open={s.form === 'purge'}
          novalidate
        >
          <OpFields t={t} s={s} form="purge" fields={['reason', 'confirm']} />
        </ConfirmDialog>
      </section>
    </>
  );
}
