/**
 * The one editor behind /admin/pricing/rules/… and /admin/pricing/promotions/…
 * (pricing-rules.tsx, pricing-promotions.tsx): the page frame (title, back
 * link, the form card with its confirmed delete) and the five routes —
 * new, create, edit, save, delete — with the same 400-keeps-what-was-typed
 * answer and the same redirects to the list on /admin/pricing. Each kind
 * brings only its fields, how it reads them and the service calls.
 */
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { notFound } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { noticeQuery } from '../notices.js';
import { type FieldErrors, formStrings } from './form-errors.js';
import { adminGuard, adminPage } from './layout.js';
import { PRICING_NOTICES, type PricingForm, PricingFormCard } from './pricing-form-parts.js';

type Ctx = Context<AppEnv>;

/** What differs between the rule and the promotion editors. */
export interface PricingEditorKind<T extends { id: string; name: string }> {
  /** Where the editor lives, e.g. '/admin/pricing/rules'. */
  base: string;
  /** The list's heading on /admin/pricing, e.g. '#rules-h'. */
  anchor: string;
  /** 'rule' or 'promotion': its buttons, notices and 404 say it. */
  noun: 'rule' | 'promotion';
  /** The page title when adding, e.g. 'Add pricing rule'. */
  addTitle: string;
  /** The delete confirmation's question. */
  deleteMessage: (item: T) => string;
  find: (c: Ctx, id: string) => Promise<T | undefined>;
  /** The form's fields for the item (or a new one), with what was typed and the messages after a 400. */
  fields: (c: Ctx, item: T | undefined, form: PricingForm | undefined) => Promise<Child>;
  /** Checks the typed form and creates or updates; the field messages when refused. */
  save: (c: Ctx, item: T | undefined, typed: Record<string, string>) => Promise<FieldErrors | null>;
  remove: (c: Ctx, item: T) => Promise<void>;
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

async function editorPage<T extends { id: string; name: string }>(
  c: Ctx,
  k: PricingEditorKind<T>,
  item?: T,
  form?: PricingForm,
) {
  return adminPage(
    c,
    {
      title: item ? `${cap(k.noun)}: ${item.name}` : k.addTitle,
      current: 'pricing',
      back: { href: `/admin/pricing${k.anchor}`, label: 'Pricing' },
      error: form?.errors._form,
      status: form ? 400 : undefined,
    },
    <PricingFormCard
      c={c}
      action={item ? `${k.base}/${item.id}` : k.base}
      submit={item ? `Save ${k.noun}` : `Add ${k.noun}`}
      remove={
        item
          ? {
              action: `${k.base}/${item.id}/delete`,
              label: `Delete ${k.noun}`,
              message: k.deleteMessage(item),
            }
          : undefined
      }
    >
      {await k.fields(c, item, form)}
    </PricingFormCard>,
  );
}

/** The editor's routes (admins only), mounted on /admin/pricing's app. */
export function pricingEditorRoutes<T extends { id: string; name: string }>(k: PricingEditorKind<T>) {
  const app = new Hono<AppEnv>();
  const back = (c: Ctx, notice: 'saved' | 'deleted') =>
    c.redirect(`/admin/pricing${noticeQuery(PRICING_NOTICES, `${k.noun}_${notice}`)}${k.anchor}`, 303);
  const found = async (c: Ctx) => {
    const item = await k.find(c, c.req.param('id') ?? '');
    if (!item) throw notFound(cap(k.noun));
    return item;
  };
  const save = async (c: Ctx, item: T | undefined) => {
    const { values: typed } = await formStrings(c.req);
    const errors = await k.save(c, item, typed);
    return errors ? editorPage(c, k, item, { typed, errors }) : back(c, 'saved');
  };
  app.get(`${k.base}/new`, ...adminGuard('admin'), (c) => editorPage(c, k));
  app.post(k.base, ...adminGuard('admin'), (c) => save(c, undefined));
  app.get(`${k.base}/:id`, ...adminGuard('admin'), async (c) => editorPage(c, k, await found(c)));
  app.post(`${k.base}/:id`, ...adminGuard('admin'), async (c) => save(c, await found(c)));
  app.post(`${k.base}/:id/delete`, ...adminGuard('admin'), async (c) => {
    await k.remove(c, await found(c));
    return back(c, 'deleted');
  });
  return app;
}
