/**
 * The new-rule form of /admin/promotion-rules: fields as a merchant thinks of
 * them (percentages, days, a money budget), parsed into the API's input
 * (basis points, minor units) with a message per field that keeps what was
 * typed. One fieldset per kind, labelled with its kind; only the chosen
 * kind's fields are read. With scripts on, the shared form script
 * (./pricing-form-parts.tsx) shows only the chosen kind's fieldset; without
 * them every fieldset shows, each under its kind's name.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { parseDecimalAmount } from '../../lib/money.js';
import type { CreatePromotionRuleInput, RuleKind } from '../../modules/promotion-rules/schemas.js';
import { KIND_LABELS } from '../../modules/promotion-rules/service.js';
import { Button, Checkbox, Field, Select } from '../components/ui.js';
import { PRICING_FORM_SCRIPT } from './pricing-form-parts.js';

export type RuleFormValues = Record<string, string>;
export type RuleFormErrors = Record<string, string>;

/** Per kind: [field, label, hint, kind of number, param name]. */
const KIND_FIELDS: Record<RuleKind, [string, string, string, 'days' | 'pct' | 'count', string][]> = {
  clearance: [
    [
      'coverDays',
      'Days of cover above',
      'Stock that would last longer than this at the current sales pace.',
      'days',
      'coverDays',
    ],
    [
      'stepPct',
      'Discount per step (%)',
      'Each new promotion on the same product goes one step deeper.',
      'pct',
      'stepBp',
    ],
    [
      'stepEveryDays',
      'Days per step',
      'How long each step lasts before the next one is proposed.',
      'days',
      'stepEveryDays',
    ],
    [
      'maxDepthPct',
      'Maximum discount (%)',
      'Never deeper than this, whatever the step.',
      'pct',
      'maxDepthBp',
    ],
  ],
  slow_mover: [
    [
      'idleDays',
      'No sale for (days)',
      'Products in stock that have not sold for this long.',
      'days',
      'idleDays',
    ],
    ['slowPct', 'Discount (%)', '', 'pct', 'discountBp'],
  ],
  low_stock: [
    [
      'threshold',
      'End promotions under (units available)',
      'Running promotions end by themselves below this.',
      'count',
      'threshold',
    ],
  ],
  bundle: [
    [
      'bundlePct',
      'Discount when bought together (%)',
      'Off the second product when both are in the cart.',
      'pct',
      'discountBp',
    ],
    ['minShoppers', 'Bought together by at least (shoppers)', '', 'count', 'minShoppers'],
  ],
  launch: [
    [
      'launchDays',
      'For the first (days)',
      'New products, counted from when they were created.',
      'days',
      'days',
    ],
    ['launchPct', 'Discount (%)', '', 'pct', 'discountBp'],
  ],
};

export const RULE_DEFAULTS: RuleFormValues = {
  name: '',
  kind: 'clearance',
  coverDays: '120',
  stepPct: '10',
  stepEveryDays: '14',
  maxDepthPct: '40',
  idleDays: '42',
  slowPct: '15',
  threshold: '5',
  bundlePct: '10',
  minShoppers: '3',
  launchDays: '14',
  launchPct: '10',
  durationDays: '14',
  budget: '',
  budgetPeriod: '30',
  priority: '0',
};

/** The budget periods a merchant picks from: rolling days, or the calendar month. */
export const BUDGET_PERIODS = [
  { value: '7', label: 'Every 7 days' },
  { value: '30', label: 'Every 30 days' },
  { value: '90', label: 'Every 90 days' },
  { value: 'month', label: 'Each calendar month' },
] as const;

/** A rule's budget period in words ("per 30 days", "per calendar month"). */
export function budgetPeriodText(r: { budgetPeriod: string; budgetPeriodDays: number }): string {
  return r.budgetPeriod === 'calendar_month' ? 'per calendar month' : `per ${r.budgetPeriodDays} days`;
}

const PCT = /^\d{1,2}(\.\d{1,2})?$/;
const INT = /^\d{1,5}$/;

/** The form's text → the API's input, or the messages per field. */
export function parseRuleForm(
  v: RuleFormValues,
  currency: string,
): { input?: CreatePromotionRuleInput; errors: RuleFormErrors } {
  const errors: RuleFormErrors = {};
  const kind = (Object.hasOwn(KIND_FIELDS, v.kind ?? '') ? v.kind : null) as RuleKind | null;
  if (!v.name?.trim()) errors.name = 'Give the rule a name.';
  if (!kind) errors.kind = 'Choose what the rule does.';
  const params: Record<string, number> = {};
  for (const [field, , , type, param] of kind ? KIND_FIELDS[kind] : []) {
    const text = (v[field] ?? '').trim();
    if (type === 'pct') {
      const n = PCT.test(text) ? Number(text) : Number.NaN;
      if (!(n > 0 && n <= 90)) errors[field] = 'Enter a percentage above 0 and at most 90.';
      else params[param] = Math.round(n * 100);
    } else {
      const n = INT.test(text) ? Number(text) : Number.NaN;
      if (!(n >= 1 && n <= (type === 'days' ? 3650 : 100_000)))
        errors[field] = 'Enter a whole number from 1.';
      else params[param] = n;
    }
  }
  if (kind === 'clearance' && params.stepBp && params.maxDepthBp && params.stepBp > params.maxDepthBp)
    errors.stepPct = 'The step cannot be deeper than the maximum discount.';
  const days = INT.test(v.durationDays ?? '') ? Number(v.durationDays) : Number.NaN;
  if (!(days >= 1 && days <= 365)) errors.durationDays = 'Enter a number of days from 1 to 365.';
  const budgetText = (v.budget ?? '').trim();
  const budget = budgetText ? parseDecimalAmount(budgetText, currency) : null;
  if (budgetText && budget == null)
    errors.budget = `Enter an amount in ${currency}, e.g. 250.00, or leave it empty.`;
  const period = BUDGET_PERIODS.find((x) => x.value === (v.budgetPeriod ?? '30'));
  if (!period) errors.budgetPeriod = 'Choose how often the budget starts again.';
  const priority = /^-?\d{1,4}$/.test(v.priority ?? '') ? Number(v.priority) : Number.NaN;
  if (!(priority >= -1000 && priority <= 1000)) errors.priority = 'Enter a whole number from -1000 to 1000.';
  if (Object.keys(errors).length || !kind) return { errors };
  return {
    errors,
    input: {
      name: v.name!.trim().slice(0, 200),
      kind,
      params,
      durationDays: days,
      budgetCap: budget,
      ...(period?.value === 'month'
        ? { budgetPeriod: 'calendar_month' as const }
        : { budgetPeriod: 'days' as const, budgetPeriodDays: Number(period?.value ?? 30) }),
      priority,
      stackable: v.stackable === 'on',
      autoApply: v.autoApply === 'on',
    },
  };
}

/** A proposal's approve form as typed, with a message per field (re-rendered on a 400). */
export interface ApproveFormState {
  id: string;
  values: RuleFormValues;
  errors: RuleFormErrors;
}

/**
 * The approve form's discount (%) and length (days): empty keeps what was
 * proposed; anything out of range is a message next to its field.
 */
export function parseApproveForm(v: RuleFormValues): {
  edit?: { discountBp?: number; durationDays?: number };
  errors: RuleFormErrors;
} {
  const errors: RuleFormErrors = {};
  const edit: { discountBp?: number; durationDays?: number } = {};
  const pctText = (v.discountPct ?? '').trim();
  if (pctText) {
    const n = PCT.test(pctText) ? Number(pctText) : Number.NaN;
    if (!(n > 0 && n <= 90)) errors.discountPct = 'Enter a discount above 0 and at most 90 %.';
    else edit.discountBp = Math.round(n * 100);
  }
  const daysText = (v.days ?? '').trim();
  if (daysText) {
    const n = INT.test(daysText) ? Number(daysText) : Number.NaN;
    if (!(n >= 1 && n <= 365)) errors.days = 'Enter a number of days from 1 to 365.';
    else edit.durationDays = n;
  }
  return Object.keys(errors).length ? { errors } : { edit, errors };
}

/** The new-rule form, showing what was typed and each field's message. */
export function RuleForm(props: {
  c: Context<AppEnv>;
  values: RuleFormValues;
  errors: RuleFormErrors;
  currency: string;
}) {
  const { values: v, errors: e } = props;
  return (
    <form method="post" action="/admin/promotion-rules" class="stack" data-kind-form>
      {csrfInput(props.c)}
      <Field name="name" label="Name" value={v.name} maxlength={200} error={e.name} />
      <Select
        name="kind"
        label="What it does"
        value={v.kind}
        error={e.kind}
        options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
      />
      {(Object.keys(KIND_FIELDS) as RuleKind[]).map((kind) => (
        <fieldset data-kind={kind}>
          <legend>Settings for “{KIND_LABELS[kind]}”</legend>
          {KIND_FIELDS[kind].map(([field, label, hint]) => (
            <Field
              name={field}
              label={label}
              value={v[field]}
              inputmode="decimal"
              hint={hint || undefined}
              error={e[field]}
            />
          ))}
        </fieldset>
      ))}
      <Field
        name="durationDays"
        label="Each promotion lasts (days)"
        value={v.durationDays}
        inputmode="numeric"
        error={e.durationDays}
      />
      <Field
        name="budget"
        label={`Budget (${props.currency}, optional)`}
        value={v.budget}
        inputmode="decimal"
        hint="The most this rule may give away in discounts per budget period; checkout stops discounting when it is spent."
        error={e.budget}
      />
      <Select
        name="budgetPeriod"
        label="Budget period"
        value={v.budgetPeriod}
        error={e.budgetPeriod}
        options={BUDGET_PERIODS}
      />
      <Field
        name="priority"
        label="Priority"
        value={v.priority}
        inputmode="numeric"
        hint="Higher goes first when several promotions could apply to the same product."
        error={e.priority}
      />
      <Checkbox
        name="stackable"
        label="May stack with other promotions (including ones you typed in Pricing)"
        checked={v.stackable === 'on'}
      />
      <Checkbox
        name="autoApply"
        label="Apply automatically (no approval needed)"
        checked={v.autoApply === 'on'}
      />
      <Button>Create rule</Button>
      <script dangerouslySetInnerHTML={{ __html: PRICING_FORM_SCRIPT }} />
    </form>
  );
}

/** The rule's settings as a sentence for the rules table. */
export function ruleSummary(kind: RuleKind, p: Record<string, number>): string {
  const pct = (bp?: number) => `${(bp ?? 0) / 100}%`;
  switch (kind) {
    case 'clearance':
      return `Over ${p.coverDays} days of cover: −${pct(p.stepBp)} per step, steps of ${p.stepEveryDays} days, at most −${pct(p.maxDepthBp)}`;
    case 'slow_mover':
      return `No sale in ${p.idleDays} days while in stock: −${pct(p.discountBp)}`;
    case 'low_stock':
      return `Ends running promotions when fewer than ${p.threshold} are available`;
    case 'bundle':
      return `Bought together by ≥ ${p.minShoppers} shoppers: −${pct(p.discountBp)} on the second product`;
    case 'launch':
      return `New products, first ${p.days} days: −${pct(p.discountBp)}`;
  }
}
