/**
 * Promotion pages: /admin/pricing/promotions/new, /admin/pricing/promotions/:id
 * (edit) and the confirmed delete, on the shared editor (./pricing-editor.tsx). A promotion takes a percentage or a fixed
 * amount off every product, one category or one product between two dates;
 * kind and target are fixed once created (the API's update contract).
 * Errors next to the field, typed text kept; the service checks again.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { actorOf } from '../../modules/catalog/actor.js';
import { listCategoriesForAdmin } from '../../modules/catalog/admin-service.js';
import { listProductTable } from '../../modules/catalog/admin-table-service.js';
import {
  createStorePromotion,
  deleteStorePromotion,
  listStorePromotions,
  updateStorePromotion,
} from '../../modules/pricing/service.js';
import { Checkbox, Field, Select } from '../components/ui.js';
import { type FieldErrors, fieldErrors, zMoneyInput } from './form-errors.js';
import { moneyInput } from './form-values.js';
import { pricingEditorRoutes } from './pricing-editor.js';
import {
  checkDayRange,
  DateFields,
  dayValue,
  type PricingForm,
  serviceFieldErrors,
  zDay,
  zOptionalDay,
  zPercentBp,
} from './pricing-form-parts.js';

type Ctx = Context<AppEnv>;
type Promotion = Awaited<ReturnType<typeof listStorePromotions>>[number];

const KINDS = [
  { value: 'percentage', label: 'Percentage off' },
  { value: 'fixed', label: 'Fixed amount off' },
] as const;
const TARGETS = [
  { value: 'all', label: 'Every product' },
  { value: 'category', label: 'One category' },
  { value: 'product', label: 'One product' },
] as const;

const ZPromotionForm = z.object({
  name: z.string().trim().min(1, 'Enter a name for the promotion').max(200, 'At most 200 characters'),
  priority: z
    .string()
    .trim()
    .regex(/^-?\d{1,4}$/, 'Enter a whole number, e.g. 0')
    .transform(Number)
    .refine((n) => n >= -1000 && n <= 1000, 'Enter a number between -1000 and 1000'),
  startsAt: zDay,
  endsAt: zOptionalDay,
});

/** The promotion form's fields (the frame, routes and redirects are ./pricing-editor.tsx's). */
async function promotionFields(c: Ctx, promo: Promotion | undefined, form: PricingForm | undefined) {
  const t = storeOf(c);
  const db = c.get('deps').db;
  const [{ items: categories }, { rows: products }] = await Promise.all([
    listCategoriesForAdmin(db, t.id),
    listProductTable(db, t.id, { sort: 'title', dir: 'asc', page: 1, pageSize: 200 }),
  ]);
  const e = form?.errors ?? {};
  const saved: Record<string, string> = promo
    ? {
        name: promo.name,
        value: promo.kind === 'percentage' ? String(promo.value / 100) : moneyInput(promo.value, t.currency),
        priority: String(promo.priority),
        startsAt: dayValue(promo.startsAt),
        endsAt: dayValue(promo.endsAt),
      }
    : { priority: '0', startsAt: dayValue(c.get('deps').now().toISOString()) };
  const v = (k: string, d = '') => form?.typed[k] ?? saved[k] ?? d;
  const checked = (k: 'stackable' | 'active', d: boolean) =>
    form ? form.typed[k] === 'on' : (promo?.[k] ?? d);
  const targetName =
    promo?.target === 'category'
      ? `Category: ${categories.find((x) => x.id === promo.targetId)?.name ?? 'deleted'}`
      : promo?.target === 'product'
        ? `Product: ${products.find((x) => x.id === promo.targetId)?.title ?? 'another product'}`
        : 'Every product';
  return (
    <>
      <div class="form-grid">
        <div data-live="Enter a name for the promotion">
          <Field name="name" label="Name" value={v('name')} error={e.name} required maxlength={200} />
        </div>
        {promo ? (
          <p>
            <strong>Discount:</strong> {KINDS.find((k) => k.value === promo.kind)?.label} ·{' '}
            <strong>Applies to:</strong> {targetName}
          </p>
        ) : (
          <>
            <Select
              name="kind"
              label="Discount"
              options={KINDS}
              value={v('kind', 'percentage')}
              error={e.kind}
            />
            <Select
              name="target"
              label="Applies to"
              options={TARGETS}
              value={v('target', 'all')}
              error={e.target}
            />
            <Select
              name="categoryId"
              label="Category"
              hint="When it applies to one category"
              options={[
                { value: '', label: 'Choose…' },
                ...categories.map((x) => ({ value: x.id, label: x.name })),
              ]}
              value={v('categoryId')}
              error={e.categoryId}
            />
            <Select
              name="productId"
              label="Product"
              hint="When it applies to one product"
              options={[
                { value: '', label: 'Choose…' },
                ...products.map((x) => ({ value: x.id, label: x.title })),
              ]}
              value={v('productId')}
              error={e.productId}
            />
          </>
        )}
        <Field
          name="value"
          label={
            promo?.kind === 'fixed'
              ? `Amount off (${t.currency})`
              : promo
                ? 'Percent off'
                : 'Percent or amount off'
          }
          hint={promo ? undefined : `A percentage (e.g. 15) or an amount in ${t.currency} (e.g. 5.00)`}
          inputmode="decimal"
          value={v('value')}
          error={e.value}
          required
        />
        <Field
          name="priority"
          label="Priority"
          inputmode="numeric"
          value={v('priority')}
          error={e.priority}
          hint="Higher applies first"
        />
        <DateFields v={v} e={e} startRequired />
      </div>
      <Checkbox name="stackable" label="Stacks with other promotions" checked={checked('stackable', false)} />
      <Checkbox name="active" label="Active" checked={checked('active', true)} />
    </>
  );
}

/** The form → the service's input (kind decides how `value` reads), or field messages. */
function readPromotionForm(typed: Record<string, string>, kind: Promotion['kind'], currency: string) {
  const base = ZPromotionForm.safeParse(typed);
  const value = (kind === 'percentage' ? zPercentBp(0.01, 100) : zMoneyInput(currency)).safeParse(
    typed.value ?? '',
  );
  const errors: FieldErrors = {
    ...(base.success ? checkDayRange(base.data.startsAt, base.data.endsAt) : fieldErrors(base.error)),
    ...(value.success
      ? value.data < 1
        ? { value: 'Enter more than 0' }
        : {}
      : { value: value.error.issues[0]!.message }),
  };
  if (!base.success || !value.success || Object.keys(errors).length) return { errors } as const;
  const flags = { stackable: typed.stackable === 'on', active: typed.active === 'on' };
  return { input: { ...base.data, ...flags, value: value.data } } as const;
}

export const pricingPromotionPages = pricingEditorRoutes<Promotion>({
  base: '/admin/pricing/promotions',
  anchor: '#promos-h',
  noun: 'promotion',
  addTitle: 'Add promotion',
  deleteMessage: (promo) =>
    `Delete the promotion “${promo.name}”? Prices stop including it from the next run.`,
  find: async (c, id) =>
    (await listStorePromotions(c.get('deps').db, storeOf(c).id)).find((p) => p.id === id),
  fields: promotionFields,
  save: (c, promo, typed) => (promo ? savePromotion(c, promo, typed) : addPromotion(c, typed)),
  remove: (c, promo) => deleteStorePromotion(c.get('deps').db, storeOf(c).id, promo.id, actorOf(c)),
});

/** A new promotion: kind and target are chosen here (and fixed afterwards). */
async function addPromotion(c: Ctx, typed: Record<string, string>): Promise<FieldErrors | null> {
  const kind: Promotion['kind'] = typed.kind === 'fixed' ? 'fixed' : 'percentage';
  const target = TARGETS.find((x) => x.value === typed.target)?.value ?? 'all';
  const targetId = target === 'category' ? typed.categoryId : target === 'product' ? typed.productId : null;
  const r = readPromotionForm(typed, kind, storeOf(c).currency);
  const errors: FieldErrors = { ...(r.errors ?? {}) };
  if (target === 'category' && !targetId) errors.categoryId = 'Choose the category';
  if (target === 'product' && !targetId) errors.productId = 'Choose the product';
  if (!r.input || Object.keys(errors).length) return errors;
  try {
    const input = { ...r.input, kind, target, targetId: targetId || null };
    await createStorePromotion(c.get('deps').db, storeOf(c).id, input, actorOf(c));
  } catch (err) {
    return serviceFieldErrors(err, { targetId: target === 'product' ? 'productId' : 'categoryId' });
  }
  return null;
}

async function savePromotion(c: Ctx, promo: Promotion, typed: Record<string, string>) {
  const r = readPromotionForm(typed, promo.kind, storeOf(c).currency);
  if (!r.input) return r.errors;
  try {
    await updateStorePromotion(c.get('deps').db, storeOf(c).id, promo.id, r.input, actorOf(c));
  } catch (err) {
    return serviceFieldErrors(err);
  }
  return null;
}
