/**
 * Pricing rule pages: /admin/pricing/rules/new, /admin/pricing/rules/:id
 * (edit) and the confirmed delete, on the shared editor (./pricing-editor.tsx). Cost-plus (markup over cost), seasonal
 * (a multiplier between two dates) and demand (raise/lower by days of cover
 * within a band). Percentages are typed as percent and stored as basis
 * points; dates as whole days (UTC). Errors next to the field, typed text
 * kept; the rule service checks everything again (and the plan's features).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { actorOf } from '../../modules/catalog/actor.js';
import { listCategoriesForAdmin } from '../../modules/catalog/admin-service.js';
import type { CreateRuleInput } from '../../modules/pricing/schemas.js';
import {
  createPriceRule,
  deletePriceRule,
  listPriceRules,
  updatePriceRule,
} from '../../modules/pricing/service.js';
import { Checkbox, Field, Select } from '../components/ui.js';
import { type FieldErrors, fieldErrors, zWhole } from './form-errors.js';
import { pricingEditorRoutes } from './pricing-editor.js';
import {
  checkDayRange,
  DateFields,
  dayValue,
  PERCENT_PATTERN,
  type PricingForm,
  serviceFieldErrors,
  zOptionalDay,
  zPercentBp,
} from './pricing-form-parts.js';

type Ctx = Context<AppEnv>;
type Rule = Awaited<ReturnType<typeof listPriceRules>>[number];
type Kind = CreateRuleInput['kind'];

export const RULE_KINDS = [
  { value: 'cost_plus', label: 'Cost-plus: a markup over cost' },
  { value: 'seasonal', label: 'Seasonal: a multiplier between two dates' },
  { value: 'demand', label: 'Demand: follow days of stock cover' },
] as const;

const ZRuleForm = z.object({
  name: z.string().trim().min(1, 'Enter a name for the rule').max(200, 'At most 200 characters'),
  categoryId: z.union([z.literal('').transform(() => null), z.uuid('Choose a category')]),
  startsAt: zOptionalDay,
  endsAt: zOptionalDay,
});

/** The parameters of each kind as form fields → the engine's basis points. */
const PARAMS = {
  cost_plus: z.object({ markup: zPercentBp(0, 1000) }).transform((p) => ({ markupBp: p.markup })),
  seasonal: z
    .object({ multiplier: zPercentBp(0.01, 1000) })
    .transform((p) => ({ multiplierBp: p.multiplier })),
  demand: z
    .object({
      lowCoverDays: zWhole(0, 365, 'a number of days'),
      highCoverDays: zWhole(1, 3650, 'a number of days'),
      step: zPercentBp(0.01, 50),
      min: zPercentBp(0, 1000),
      max: zPercentBp(0.01, 1000),
    })
    .refine((p) => p.lowCoverDays < p.highCoverDays, {
      path: ['highCoverDays'],
      message: 'Must be more days than the low-cover limit',
    })
    .refine((p) => p.min <= p.max, { path: ['max'], message: 'Must be at least the lowest band' })
    .transform((p) => ({
      lowCoverDays: p.lowCoverDays,
      highCoverDays: p.highCoverDays,
      stepBp: p.step,
      minBp: p.min,
      maxBp: p.max,
    })),
} as const;

const RENAME = { markupBp: 'markup', multiplierBp: 'multiplier', stepBp: 'step', minBp: 'min', maxBp: 'max' };
const pct = (bp: unknown) => (typeof bp === 'number' ? String(bp / 100) : '');

/** A percent field with its live check (the same pattern the server applies). */
function Percent(p: { name: string; label: string; hint?: string; value: string; error?: string }) {
  return (
    <div data-live="Enter a percentage like 12.5 (at most 2 decimals)" data-pattern={PERCENT_PATTERN}>
      <Field {...p} inputmode="decimal" required />
    </div>
  );
}

function ParamFields({ kind, v, e }: { kind?: Kind; v: (k: string, d: string) => string; e: FieldErrors }) {
  const show = (k: Kind) => (kind === undefined || kind === k ? true : undefined);
  return (
    <>
      {show('cost_plus') ? (
        <fieldset data-kind="cost_plus">
          <legend>Cost-plus</legend>
          <Percent
            name="markup"
            label="Markup over cost (%)"
            hint="50 sells a 10.00 cost at 15.00"
            value={v('markup', '50')}
            error={e.markup}
          />
        </fieldset>
      ) : null}
      {show('seasonal') ? (
        <fieldset data-kind="seasonal">
          <legend>Seasonal</legend>
          <Percent
            name="multiplier"
            label="Price multiplier (%)"
            hint="120 raises prices by 20%; 80 lowers them by 20%"
            value={v('multiplier', '120')}
            error={e.multiplier}
          />
        </fieldset>
      ) : null}
      {show('demand') ? (
        <fieldset data-kind="demand">
          <legend>Demand</legend>
          <div class="form-grid">
            <Field
              name="lowCoverDays"
              label="Raise below (days of cover)"
              inputmode="numeric"
              value={v('lowCoverDays', '14')}
              error={e.lowCoverDays}
            />
            <Field
              name="highCoverDays"
              label="Lower above (days of cover)"
              inputmode="numeric"
              value={v('highCoverDays', '60')}
              error={e.highCoverDays}
            />
            <Percent name="step" label="Step per run (%)" value={v('step', '5')} error={e.step} />
            <Percent name="min" label="Lowest price (% of target)" value={v('min', '80')} error={e.min} />
            <Percent name="max" label="Highest price (% of target)" value={v('max', '150')} error={e.max} />
          </div>
        </fieldset>
      ) : null}
    </>
  );
}

/** The rule form's fields (the frame, routes and redirects are ./pricing-editor.tsx's). */
async function ruleFields(c: Ctx, rule: Rule | undefined, form: PricingForm | undefined) {
  const { items } = await listCategoriesForAdmin(c.get('deps').db, storeOf(c).id);
  const e = form?.errors ?? {};
  const p = (rule?.params ?? {}) as Record<string, unknown>;
  const saved: Record<string, string> = rule
    ? {
        name: rule.name,
        categoryId: rule.categoryId ?? '',
        startsAt: dayValue(rule.startsAt),
        endsAt: dayValue(rule.endsAt),
        markup: pct(p.markupBp),
        multiplier: pct(p.multiplierBp),
        lowCoverDays: String(p.lowCoverDays ?? ''),
        highCoverDays: String(p.highCoverDays ?? ''),
        step: pct(p.stepBp),
        min: pct(p.minBp),
        max: pct(p.maxBp),
      }
    : {};
  const v = (k: string, d = '') => form?.typed[k] ?? saved[k] ?? d;
  const active = form ? form.typed.active === 'on' : (rule?.active ?? true);
  return (
    <>
      <div class="form-grid">
        <div data-live="Enter a name for the rule">
          <Field name="name" label="Name" value={v('name')} error={e.name} required maxlength={200} />
        </div>
        {rule ? (
          <p>
            <strong>Kind:</strong> {RULE_KINDS.find((k) => k.value === rule.kind)?.label}
          </p>
        ) : (
          <Select
            name="kind"
            label="Kind"
            options={RULE_KINDS}
            value={v('kind', 'cost_plus')}
            error={e.kind}
          />
        )}
        <Select
          name="categoryId"
          label="Applies to"
          options={[
            { value: '', label: 'All products' },
            ...items.map((i) => ({ value: i.id, label: `Category: ${i.name}` })),
          ]}
          value={v('categoryId')}
          error={e.categoryId}
        />
        <DateFields v={v} e={e} startHint="Seasonal rules need one" />
      </div>
      <ParamFields kind={rule?.kind} v={v} e={e} />
      <Checkbox name="active" label="Active" checked={active} />
    </>
  );
}

/** The form → the service's input, or field messages. */
function readRuleForm(typed: Record<string, string>, kind: Kind) {
  const base = ZRuleForm.safeParse(typed);
  const params = PARAMS[kind].safeParse(typed);
  const errors: FieldErrors = {
    ...(base.success ? checkDayRange(base.data.startsAt, base.data.endsAt) : fieldErrors(base.error)),
    ...(params.success ? {} : fieldErrors(params.error)),
  };
  if (kind === 'seasonal' && base.success && !base.data.startsAt)
    errors.startsAt ??= 'A seasonal rule needs a start date';
  if (!base.success || !params.success || Object.keys(errors).length) return { errors } as const;
  return { input: { ...base.data, active: typed.active === 'on', params: params.data } } as const;
}

export const pricingRulePages = pricingEditorRoutes<Rule>({
  base: '/admin/pricing/rules',
  anchor: '#rules-h',
  noun: 'rule',
  addTitle: 'Add pricing rule',
  deleteMessage: (rule) =>
    `Delete the rule “${rule.name}”? Prices it set stay as they are; the next run no longer uses it.`,
  find: async (c, id) => (await listPriceRules(c.get('deps').db, storeOf(c).id)).find((r) => r.id === id),
  fields: ruleFields,
  save: async (c, rule, typed) => {
    const kind = rule?.kind ?? RULE_KINDS.find((k) => k.value === typed.kind)?.value ?? 'cost_plus';
    const r = readRuleForm(typed, kind);
    if (!r.input) return r.errors;
    const db = c.get('deps').db;
    try {
      if (rule) await updatePriceRule(db, storeOf(c).id, rule.id, r.input, actorOf(c));
      else await createPriceRule(db, storeOf(c).id, { ...r.input, kind }, actorOf(c));
    } catch (err) {
      return serviceFieldErrors(err, RENAME);
    }
    return null;
  },
  remove: (c, rule) => deletePriceRule(c.get('deps').db, storeOf(c).id, rule.id, actorOf(c)),
});
