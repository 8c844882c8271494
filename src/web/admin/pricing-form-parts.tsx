/**
 * Shared pieces of the pricing rule and promotion forms (/admin/pricing/…):
 * percent and date fields as a merchant types them (→ basis points and ISO
 * instants), the service's validation issues mapped to the form's fields, and
 * the small live-validation script (progressive enhancement: the server
 * checks everything again and answers with the same messages).
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { allowInlineScript } from '../../lib/http/security-headers.js';
import { Button, Card, ConfirmDialog, Field } from '../components/ui.js';
import type { FieldErrors } from './form-errors.js';

/** The only notices /admin/pricing shows (see ../notices.ts). */
/** The engine's step names as a merchant reads them ("Set by" and the reasons). */
const STEP: Record<string, string> = {
  cost_plus: 'Cost-plus',
  seasonal: 'Seasonal',
  demand: 'Demand',
  promotion: 'Promotion',
  margin_floor: 'Margin floor',
  max_step: 'Change limit',
  bounds: 'Price bounds',
};
export const step = (s: string) => STEP[s] ?? s;

export const PRICING_NOTICES = {
  prices_applied: 'Open proposals applied.',
  nothing_applied:
    'Nothing applied: tick the proposals to apply, or apply all (only proposals recorded by a run can be applied).',
  mode_saved: 'Mode saved',
  rule_saved: 'Rule saved. The next run uses it.',
  rule_deleted: 'Rule deleted.',
  promotion_saved: 'Promotion saved.',
  promotion_deleted: 'Promotion deleted.',
} as const;

/** What a form page re-renders with after a 400: the typed text and one message per field. */
export type PricingForm = { typed: Record<string, string>; errors: FieldErrors };

/** The pattern a percent field accepts (shared by the server check and the live check). */
export const PERCENT_PATTERN = '\\d{1,5}(\\.\\d{1,2})?';

/** "12.5" (percent, ≤ 2 decimals) → 1250 basis points, checked within [min, max] percent. */
export const zPercentBp = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^${PERCENT_PATTERN}$`), 'Enter a percentage like 12.5 (at most 2 decimals)')
    .transform((s) => {
      const [whole, frac = ''] = s.split('.');
      return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
    })
    .refine((bp) => bp >= min * 100 && bp <= max * 100, `Enter a percentage between ${min} and ${max}`);

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => DATE_RE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** A required <input type=date> → the day's start in UTC (ISO). */
export const zDay = z
  .string()
  .trim()
  .refine(validDate, 'Enter a date like 2026-12-24')
  .transform((s) => new Date(`${s}T00:00:00Z`).toISOString());

/** An optional date: '' → null. */
export const zOptionalDay = z.union([z.literal('').transform(() => null), zDay]);

/** An ISO instant → the YYYY-MM-DD a date input shows ('' for none). */
export const dayValue = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');

/** An end date must come after the start date (same message as the service's check). */
export function checkDayRange(start: string | null | undefined, end: string | null | undefined): FieldErrors {
  return start && end && end <= start ? { endsAt: 'The end date must be after the start date' } : {};
}

/**
 * The service's validation issues (paths like `params.markupBp`, `startsAt`)
 * as field messages; `rename` maps a service path to the form's field name.
 * Anything else is not a form error and is rethrown.
 */
export function serviceFieldErrors(err: unknown, rename: Record<string, string> = {}): FieldErrors {
  if (!(err instanceof AppError)) throw err;
  if (err.code === 'plan_limit_reached') return { kind: err.message };
  if (err.code !== 'validation_failed') throw err;
  const out: FieldErrors = {};
  for (const i of err.issues ?? []) {
    const path = i.path.replace(/^params\./, '');
    const key = rename[path] ?? (path || '_form');
    out[key] ??= humanIssue(i.message);
  }
  if (Object.keys(out).length === 0) out._form = err.message;
  return out;
}

const HUMAN: Record<string, string> = {
  'must be after startsAt': 'The end date must be after the start date',
  'No such category': 'Choose a category of this store',
  'No such product': 'Choose a product of this store',
  'Required for seasonal rules': 'A seasonal rule needs a start date',
  'at most 10000': 'A percentage is at most 100',
};
const humanIssue = (m: string) => HUMAN[m] ?? m;

/**
 * Live validation (CSP-hashed): a wrapper `<div data-live="message"
 * data-pattern="…">` around a field checks the input inside on blur (and on
 * input once it was wrong) and writes the message into the field's error
 * slot; `select[name=kind]` in a `form[data-kind-form]` shows only the fieldsets whose
 * `data-kind` lists the chosen value. Without it the form posts the same and
 * the server answers with the same messages.
 */
export const PRICING_FORM_SCRIPT = allowInlineScript(
  "(function(){var d=document;function slot(f){var e=d.getElementById(f.id+'-error');if(!e){e=d.createElement('span');e.id=f.id+'-error';e.className='error-text';e.setAttribute('aria-live','polite');f.parentNode.appendChild(e)}return e}" +
    "function check(w,f){var v=f.value.trim(),p=w.getAttribute('data-pattern'),bad=(f.required&&!v)||(v&&p&&!new RegExp('^(?:'+p+')$').test(v));slot(f).textContent=bad?w.getAttribute('data-live'):'';if(bad)f.setAttribute('aria-invalid','true');else f.removeAttribute('aria-invalid')}" +
    "d.querySelectorAll('[data-live]').forEach(function(w){var f=w.querySelector('input');if(!f)return;f.addEventListener('blur',function(){check(w,f)});f.addEventListener('input',function(){if(f.getAttribute('aria-invalid'))check(w,f)})});" +
    "var s=d.querySelector('form[data-kind-form] select[name=kind]');function show(){d.querySelectorAll('fieldset[data-kind]').forEach(function(fs){fs.hidden=fs.getAttribute('data-kind').split(' ').indexOf(s.value)<0})}if(s){s.addEventListener('change',show);show()}})();",
);

/**
 * The frame of a rule or promotion form: the card with the POST form (CSRF,
 * the live-check script), its submit button, and — when editing — the
 * confirmed delete in its own card.
 */
export function PricingFormCard(props: {
  c: Context<AppEnv>;
  action: string;
  submit: string;
  children: Child;
  remove?: { action: string; label: string; message: string };
}) {
  return (
    <>
      <Card>
        <form method="post" action={props.action} novalidate data-kind-form>
          {csrfInput(props.c)}
          {props.children}
          <div class="form-actions">
            <Button>{props.submit}</Button>
          </div>
        </form>
        <script dangerouslySetInnerHTML={{ __html: PRICING_FORM_SCRIPT }} />
      </Card>
      {props.remove ? (
        <Card title="Delete">
          <ConfirmDialog
            action={props.remove.action}
            csrf={csrfInput(props.c)}
            label={props.remove.label}
            message={props.remove.message}
          />
        </Card>
      ) : null}
    </>
  );
}

/** The start/end date fields (whole days, UTC). */
export function DateFields(props: {
  v: (k: string) => string;
  e: FieldErrors;
  startHint?: string;
  startRequired?: boolean;
}) {
  return (
    <>
      <Field
        name="startsAt"
        label="Starts"
        type="date"
        value={props.v('startsAt')}
        error={props.e.startsAt}
        hint={props.startHint}
        required={props.startRequired}
      />
      <Field
        name="endsAt"
        label="Ends"
        type="date"
        value={props.v('endsAt')}
        error={props.e.endsAt}
        hint="Empty: no end"
      />
    </>
  );
}
