/**
 * Suppliers on /admin/restock (the list) and their pages: add, edit (name,
 * email, default lead time, MOQ, pack size) and link variants by SKU with
 * the unit cost and, when they differ from the supplier's defaults, the
 * lead time, MOQ and pack size for that variant. Errors next to the fields.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { actorOf } from '../../modules/catalog/actor.js';
import {
  createStoreSupplier,
  getStoreSupplier,
  linkStoreSkuToSupplier,
  updateStoreSupplier,
} from '../../modules/restock/service.js';
import { Button, Card, type Column, DataTable, EmptyState, Field } from '../components/ui.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import { type FieldErrors, fieldErrors, formStrings, zMoneyInput, zWhole } from './form-errors.js';
import { adminGuard, adminPage } from './layout.js';

type Ctx = Context<AppEnv>;
type Supplier = Awaited<ReturnType<typeof getStoreSupplier>>;

const SUPPLIER_NOTICES = { saved: 'Supplier saved.', linked: 'Variant linked to this supplier.' } as const;

const COLUMNS: Column<Supplier>[] = [
  { key: 'name', label: 'Name', render: (s) => <a href={`/admin/restock/suppliers/${s.id}`}>{s.name}</a> },
  { key: 'email', label: 'Email', render: (s) => s.email ?? <span class="muted">none</span> },
  {
    key: 'lead',
    label: 'Delivery time',
    num: true,
    render: (s) => (s.leadTimeDays === 1 ? '1 day' : `${s.leadTimeDays} days`),
  },
  { key: 'moq', label: 'Minimum order', num: true, render: (s) => s.moq },
  { key: 'pack', label: 'Pack size', num: true, render: (s) => s.packSize },
];

export function SuppliersCard({ suppliers, canEdit }: { suppliers: Supplier[]; canEdit: boolean }) {
  return (
    <Card title="Suppliers" id="suppliers">
      <DataTable
        caption="Suppliers"
        columns={COLUMNS}
        rows={suppliers}
        empty={
          <EmptyState
            title="No suppliers yet"
            body="Add the suppliers you buy from, then link each product variant to one: the plan drafts one purchase order per supplier."
            action={canEdit ? { href: '/admin/restock/suppliers/new', label: 'Add supplier' } : undefined}
          />
        }
      />
    </Card>
  );
}

const optionalWhole = (min: number, max: number, what: string) =>
  z.union([z.literal('').transform(() => undefined), zWhole(min, max, what)]);

const ZSupplierForm = z.object({
  name: z.string().trim().min(1, 'Enter the supplier’s name').max(200, 'At most 200 characters'),
  email: z.union([
    z.literal('').transform(() => null),
    z.email('Enter an email address like orders@example.com'),
  ]),
  leadTimeDays: zWhole(0, 365, 'a number of days'),
  moq: zWhole(1, 1_000_000, 'a minimum order quantity'),
  packSize: zWhole(1, 100_000, 'a pack size'),
});

type Form = { typed: Record<string, string>; errors: FieldErrors };
type Term = 'leadTimeDays' | 'moq' | 'packSize';
const TERM_DEFAULTS: Record<Term, number> = { leadTimeDays: 7, moq: 1, packSize: 1 };
const TERM_LABELS: Record<Term, string> = {
  leadTimeDays: 'Lead time (days)',
  moq: 'Minimum order quantity',
  packSize: 'Pack size',
};

const TERM_HINTS: Record<Term, string> = {
  leadTimeDays: 'Days from placing an order to the goods arriving',
  moq: 'The fewest units the supplier accepts in one order',
  packSize: 'Orders are rounded up to whole packs of this many',
};

/** Lead time, minimum order quantity and pack size: the supplier's defaults and a link's overrides share these fields. */
function TermsFields(props: {
  idPrefix?: string;
  value: (k: Term) => string;
  errors?: FieldErrors;
  labels?: Partial<Record<Term, string>>;
  hint?: (k: Term) => string;
}) {
  return (
    <>
      {(Object.keys(TERM_LABELS) as Term[]).map((k) => (
        <Field
          id={`${props.idPrefix ?? 'f-'}${k}`}
          name={k}
          label={props.labels?.[k] ?? TERM_LABELS[k]}
          inputmode="numeric"
          value={props.value(k)}
          error={props.errors?.[k]}
          hint={props.hint?.(k)}
        />
      ))}
    </>
  );
}

function SupplierForm({ c, action, s, form }: { c: Ctx; action: string; s?: Supplier; form?: Form }) {
  const v = (k: string, fallback: string | number | null | undefined) =>
    form?.typed[k] ?? String(fallback ?? '');
  return (
    <form method="post" action={action} novalidate>
      {csrfInput(c)}
      <div class="form-grid">
        <Field name="name" label="Name" value={v('name', s?.name)} error={form?.errors.name} required />
        <Field
          name="email"
          label="Order email"
          type="email"
          value={v('email', s?.email)}
          error={form?.errors.email}
          hint="Purchase orders are sent here"
        />
        <TermsFields
          value={(k) => v(k, s?.[k] ?? TERM_DEFAULTS[k])}
          errors={form?.errors}
          hint={(k) => TERM_HINTS[k]}
        />
      </div>
      <div class="form-actions">
        <Button>Save supplier</Button>
      </div>
    </form>
  );
}

function LinkForm({ c, s, form }: { c: Ctx; s: Supplier; form?: Form }) {
  const v = (k: string) => form?.typed[k] ?? '';
  return (
    <form method="post" action={`/admin/restock/suppliers/${s.id}/link`} novalidate>
      {csrfInput(c)}
      <div class="form-grid">
        <Field id="l-sku" name="sku" label="Variant SKU" value={v('sku')} error={form?.errors.sku} required />
        <Field
          id="l-unitCost"
          name="unitCost"
          label={`Unit cost (${storeOf(c).currency})`}
          inputmode="decimal"
          value={v('unitCost')}
          error={form?.errors.unitCost}
          required
        />
        <TermsFields
          idPrefix="l-"
          value={v}
          errors={form?.errors}
          hint={(k) => `Leave empty for the supplier’s default (${s[k]})`}
        />
      </div>
      <div class="form-actions">
        <Button>Link variant</Button>
      </div>
    </form>
  );
}

async function supplierPage(c: Ctx, forms: { edit?: Form; link?: Form } = {}) {
  const s = await getStoreSupplier(c.get('deps').db, storeOf(c).id, c.req.param('id') ?? '');
  return adminPage(
    c,
    {
      title: s.name,
      current: 'restock',
      back: { href: '/admin/restock#suppliers', label: 'Restock' },
      notice: noticeFrom(c, SUPPLIER_NOTICES),
      status: forms.edit || forms.link ? 400 : undefined,
    },
    <>
      <Card title="Supplier">
        <SupplierForm c={c} action={`/admin/restock/suppliers/${s.id}`} s={s} form={forms.edit} />
      </Card>
      <Card title="Link a variant">
        <p class="muted">
          The variant's preferred source becomes this supplier; the plan drafts its orders here.
        </p>
        <LinkForm c={c} s={s} form={forms.link} />
      </Card>
    </>,
  );
}

const newPage = (c: Ctx, form?: Form) =>
  adminPage(
    c,
    {
      title: 'Add supplier',
      current: 'restock',
      back: { href: '/admin/restock#suppliers', label: 'Restock' },
      status: form ? 400 : undefined,
    },
    <Card>
      <SupplierForm c={c} action="/admin/restock/suppliers" form={form} />
    </Card>,
  );

const ZLinkForm = z.object({
  sku: z.string().trim().min(1, 'Enter the SKU of a variant').max(255),
  leadTimeDays: optionalWhole(0, 365, 'a number of days'),
  moq: optionalWhole(1, 1_000_000, 'a minimum order quantity'),
  packSize: optionalWhole(1, 100_000, 'a pack size'),
});

export const supplierPages = new Hono<AppEnv>();
supplierPages.get('/admin/restock/suppliers/new', ...adminGuard('admin'), (c) => newPage(c));
supplierPages.post('/admin/restock/suppliers', ...adminGuard('admin'), async (c) => {
  const { values: typed } = await formStrings(c.req);
  const r = ZSupplierForm.safeParse(typed);
  if (!r.success) return newPage(c, { typed, errors: fieldErrors(r.error) });
  const s = await createStoreSupplier(c.get('deps').db, storeOf(c).id, r.data, actorOf(c));
  return c.redirect(`/admin/restock/suppliers/${s.id}${noticeQuery(SUPPLIER_NOTICES, 'saved')}`, 303);
});
supplierPages.get('/admin/restock/suppliers/:id', ...adminGuard('admin'), (c) => supplierPage(c));
supplierPages.post('/admin/restock/suppliers/:id', ...adminGuard('admin'), async (c) => {
  const { values: typed } = await formStrings(c.req);
  const r = ZSupplierForm.safeParse(typed);
  if (!r.success) return supplierPage(c, { edit: { typed, errors: fieldErrors(r.error) } });
  const s = await updateStoreSupplier(c.get('deps').db, storeOf(c).id, c.req.param('id'), r.data, actorOf(c));
  return c.redirect(`/admin/restock/suppliers/${s.id}${noticeQuery(SUPPLIER_NOTICES, 'saved')}`, 303);
});
supplierPages.post('/admin/restock/suppliers/:id/link', ...adminGuard('admin'), async (c) => {
  const t = storeOf(c);
  const { values: typed } = await formStrings(c.req);
  const r = ZLinkForm.safeParse(typed);
  const cost = zMoneyInput(t.currency).safeParse(typed.unitCost ?? '');
  if (!r.success || !cost.success) {
    const errors = { ...(r.success ? {} : fieldErrors(r.error)) };
    if (!cost.success) errors.unitCost = cost.error.issues[0]!.message;
    return supplierPage(c, { link: { typed, errors } });
  }
  const id = c.req.param('id');
  try {
    await linkStoreSkuToSupplier(
      c.get('deps').db,
      t.id,
      r.data.sku,
      { ...r.data, supplierId: id, unitCost: cost.data },
      actorOf(c),
    );
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed')
      return supplierPage(c, { link: { typed, errors: { sku: 'No variant in this store has this SKU' } } });
    throw err;
  }
  return c.redirect(`/admin/restock/suppliers/${id}${noticeQuery(SUPPLIER_NOTICES, 'linked')}`, 303);
});
