/**
 * Admin page /admin/recommendations (store host, cookie session): pick a product, see what its shoppers
 * are shown ("frequently bought together" and "similar", each with its reason), pin or exclude products
 * for it, and set the store's recommendation settings (event retention, out-of-stock exclusion) or queue
 * a rebuild. Staff see it; admins change it (others see no buttons). Plain forms, no JavaScript needed.
 * Calls the recommendations services only.
 */
import { type Context, Hono } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import {
  changeOverride,
  getMerchandising,
  type OverrideChange,
  updateSettings,
} from '../../modules/recommendations/admin-service.js';
import { requestRebuild } from '../../modules/recommendations/service.js';
import { noticeFrom } from '../notices.js';
import { adminGuard, adminPage, roleAtLeast } from './layout.js';
import { OverridesCard, PickerCard, ServedCard, SettingsCard } from './recommendations-parts.js';

type C = Context<AppEnv>;
const PATH = '/admin/recommendations';

const NOTICES = {
  pin: 'Pinned: it now comes first for this product.',
  exclude: 'Excluded: shoppers of this product will not see it.',
  remove: 'Removed from the pins and exclusions.',
  settings_saved: 'Settings saved. They apply from the next rebuild.',
  rebuild_queued: 'Rebuild queued: the lists refresh within a minute.',
} as const;
const ERRORS = {
  self: 'A product cannot recommend itself.',
  too_many: 'At most 20 pinned products: unpin one first.',
  gone: 'That product is no longer in this store.',
} as const;

async function form(c: C): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

async function page(
  c: C,
  settingsForm?: { retentionDays: string; excludeOutOfStock: boolean; error: string },
) {
  const q = c.req.query('q') ?? '';
  const productId = c.req.query('product');
  const view = await getMerchandising(c.get('deps').db, storeOf(c), { productId, q });
  const canEdit = roleAtLeast(c, 'admin');
  return adminPage(
    c,
    {
      title: 'Recommendations',
      current: 'recommendations',
      notice: noticeFrom(c, NOTICES),
      error: noticeFrom(c, ERRORS, 'error'),
      status: settingsForm ? 400 : 200,
    },
    <>
      <p class="muted">
        Shoppers see similar and frequently-bought-together products on product pages, "complete your order"
        in the cart and "for you" on the home page. Pin a product to show it first, or exclude one.
      </p>
      <PickerCard c={c} view={view} q={q} canEdit={canEdit} />
      {view.product ? (
        <>
          <ServedCard c={c} view={view} q={q} canEdit={canEdit} />
          <OverridesCard c={c} view={view} q={q} canEdit={canEdit} />
        </>
      ) : null}
      <SettingsCard c={c} view={view} canEdit={canEdit} typed={settingsForm} />
    </>,
  );
}

const back = (f: Record<string, string>, key: 'notice' | 'error', code: string) =>
  `${PATH}?${new URLSearchParams({ product: f.product ?? '', q: f.q ?? '', [key]: code }).toString()}`;

async function overrideAction(c: C) {
  const f = await form(c);
  const change = f.change as OverrideChange;
  if (!['pin', 'exclude', 'remove'].includes(change)) return c.redirect(back(f, 'error', 'gone'), 303);
  try {
    await changeOverride(c.get('deps').db, storeOf(c).id, f.product ?? '', change, f.target ?? '');
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'not_found') return c.redirect(back(f, 'error', 'gone'), 303);
    if (err.code === 'validation_failed') {
      const code = f.product === f.target ? 'self' : 'too_many';
      return c.redirect(back(f, 'error', code), 303);
    }
    throw err;
  }
  return c.redirect(back(f, 'notice', change), 303);
}

async function settingsAction(c: C) {
  const f = await form(c);
  const typed = { retentionDays: f.retentionDays ?? '', excludeOutOfStock: f.excludeOutOfStock === 'on' };
  try {
    await updateSettings(c.get('deps').db, storeOf(c).id, typed);
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed') {
      return page(c, { ...typed, error: err.issues?.[0]?.message ?? err.message });
    }
    throw err;
  }
  return c.redirect(`${PATH}?notice=settings_saved`, 303);
}

async function rebuildAction(c: C) {
  const deps = c.get('deps');
  await requestRebuild(deps.hub, storeOf(c).id, deps.now(), 1000, 'full');
  return c.redirect(`${PATH}?notice=rebuild_queued`, 303);
}

export const recommendationsAdminPages = new Hono<AppEnv>();
recommendationsAdminPages.get(PATH, ...adminGuard('staff'), (c) => page(c));
recommendationsAdminPages.post(`${PATH}/overrides`, ...adminGuard('admin'), overrideAction);
recommendationsAdminPages.post(`${PATH}/settings`, ...adminGuard('admin'), settingsAction);
recommendationsAdminPages.post(`${PATH}/rebuild`, ...adminGuard('admin'), rebuildAction);
