/**
 * The merchant admin shell (store host, /admin…): header with the store name,
 * a store switcher (the signed-in user's other stores), the section nav and a
 * sign-out form. Server-rendered; works without JavaScript.
 *
 * For other helpers' admin pages:
 *   adminRoutes.get('/admin/products', ...adminGuard('staff'), async (c) =>
 *     adminPage(c, { title: 'Products', current: 'products' }, <ProductsTable … />));
 *
 * - `adminGuard(min)`: signed-in merchant (cookie session, else 303 to
 *   /admin/login), member of THIS store (else 404), role ≥ min (else 403).
 * - `adminPage(c, opts, body)`: renders the shell around `body` (async: loads
 *   the user's email and store list). opts: title (the page's h1), current
 *   (nav key), actions (buttons beside the title), back (link above it),
 *   notice/error (flash strings from a closed code map), status.
 * - Build the body with the UI kit: src/web/components/ui.tsx (usage at its top).
 * - `roleAtLeast(c, 'admin')`: hide actions the member's role cannot take.
 * - Forms: put `{csrfInput(c)}` from src/lib/http/csrf.ts in every POST form.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { requirePageUser } from '../../http/session.js';
import { ROLE_RANK } from '../../lib/auth/principal.js';
import { storeUrl } from '../../lib/config.js';
import type { MembershipRole } from '../../lib/db/tables/platform.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { getUserAccount, listUserStores, type UserStore } from '../../modules/auth/service.js';
import { ADMIN_CSS } from '../assets/admin-css.js';
import { UI_CSS } from '../assets/ui-css.js';
import { HeadLink } from '../components/head-link.js';
import { ADMIN_SCRIPT, Flash, PageHeader } from '../components/ui.js';
import { ImpersonationBanner } from '../console/impersonation-banner.js';
import { StoreClosingBanner } from './store-closing-banner.js';

export type AdminNavKey =
  | 'overview'
  | 'products'
  | 'orders'
  | 'inventory'
  | 'pricing'
  | 'promotions'
  | 'restock'
  | 'alerts'
  | 'recommendations'
  | 'customers'
  | 'staff'
  | 'settings'
  | 'billing'
  | 'care'
  | 'audit'
  | 'webhooks';

/**
 * The section nav. `minRole` hides an entry from members below that role
 * (the page itself still enforces it). Others add ONE line here.
 */
export const ADMIN_NAV: { key: AdminNavKey; href: string; label: string; minRole?: MembershipRole }[] = [
  { key: 'overview', href: '/admin', label: 'Overview' },
  { key: 'products', href: '/admin/products', label: 'Products' },
  { key: 'orders', href: '/admin/orders', label: 'Orders' },
  { key: 'inventory', href: '/admin/inventory', label: 'Inventory' },
  { key: 'customers', href: '/admin/customers', label: 'Customers' },
  { key: 'pricing', href: '/admin/pricing', label: 'Pricing' },
  { key: 'promotions', href: '/admin/promotion-rules', label: 'Promotions' },
  { key: 'restock', href: '/admin/restock', label: 'Restock' },
  { key: 'alerts', href: '/admin/alerts', label: 'Alerts' },
  { key: 'recommendations', href: '/admin/recommendations', label: 'Recommendations' },
  { key: 'care', href: '/admin/tickets', label: 'Customer care' },
  { key: 'staff', href: '/admin/staff', label: 'Staff' },
  { key: 'settings', href: '/admin/settings', label: 'Settings', minRole: 'admin' },
  { key: 'billing', href: '/admin/billing', label: 'Billing', minRole: 'admin' },
  { key: 'audit', href: '/admin/audit', label: 'Audit log', minRole: 'owner' },
  { key: 'webhooks', href: '/admin/webhooks', label: 'Webhooks', minRole: 'admin' },
];

type Ctx = Context<AppEnv>;

/** Page guard chain for admin pages: sign-in redirect, membership (404), role (403). */
export function adminGuard(
  min: MembershipRole = 'staff',
): readonly [MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>] {
  return [requirePageUser('/admin/login'), requireStoreRole(min)] as const;
}

export interface AdminShellProps {
  title: string;
  current?: AdminNavKey | string;
  storeName: string;
  storeHandle: string;
  userEmail: string;
  role: MembershipRole;
  stores: UserStore[];
  storeLink: (handle: string) => string;
  csrf: Child;
  notice?: string;
  error?: string;
  /** Buttons/links beside the page title (PageHeader). */
  actions?: Child;
  /** A link above the title back to the parent list. */
  back?: { href: string; label: string };
  children?: Child;
}

/** True when `role` may see/take something that needs `min`. */
export function roleAllows(role: MembershipRole, min: MembershipRole = 'staff'): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min];
}

/** The role check for a page's actions: `roleAtLeast(c, 'admin') ? <Button…/> : null`. */
export function roleAtLeast(c: Ctx, min: MembershipRole): boolean {
  return roleAllows(c.get('role') ?? 'staff', min);
}

/**
 * The sidebar: store name, a no-JS menu toggle (a visually hidden checkbox
 * before the shell; its <label> is the Menu button below 60rem), the
 * sections this role may open, and a link to the storefront.
 */
function AdminNav(props: { storeName: string; current?: string; role: MembershipRole }) {
  return (
    <aside class="admin-side">
      <div class="side-head">
        <a class="brand" href="/admin">
          {props.storeName}
        </a>
        <label for="nav-toggle" class="menu-btn">
          Menu
        </label>
      </div>
      <nav id="admin-nav" class="side-nav" aria-label="Admin sections">
        <ul>
          {ADMIN_NAV.filter((n) => roleAllows(props.role, n.minRole)).map((n) => (
            <li>
              <a href={n.href} aria-current={n.key === props.current ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
        <div class="side-foot">
          <a href="/">View store ↗</a>
        </div>
      </nav>
    </aside>
  );
}

/** The top bar: the store switcher (other stores of this user), who is signed in, sign out. */
function AdminTopBar(props: AdminShellProps) {
  const others = props.stores.filter((s) => s.handle !== props.storeHandle);
  return (
    <header class="admin-top">
      {others.length > 0 ? (
        <details class="switcher">
          <summary>Switch store</summary>
          <ul aria-label="Your other stores">
            {others.map((s) => (
              <li>
                <form method="post" action="/admin/switch">
                  {props.csrf}
                  <input type="hidden" name="handle" value={s.handle} />
                  <button class="btn btn-link" type="submit">
                    {s.name}
                  </button>{' '}
                  <span class="muted">({s.role})</span>
                </form>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <span class="who">
        {props.userEmail} · {props.role}
      </span>
      <form method="post" action="/admin/logout">
        {props.csrf}
        <button class="btn btn-secondary btn-sm" type="submit">
          Sign out
        </button>
      </form>
    </header>
  );
}

export function AdminShell(props: AdminShellProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="robots" content="noindex" />
          <HeadLink rel="icon" href="data:," />
          <title>{`${props.title} · ${props.storeName} admin`}</title>
          <style dangerouslySetInnerHTML={{ __html: UI_CSS + ADMIN_CSS }} />
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <ImpersonationBanner />
          <input
            type="checkbox"
            id="nav-toggle"
            class="nav-toggle"
            aria-controls="admin-nav"
            aria-label="Menu"
          />
          <div class="admin">
            <AdminNav storeName={props.storeName} current={props.current} role={props.role} />
            <div class="admin-content">
              <AdminTopBar {...props} />
              <main id="main" class="admin-main" tabindex={-1}>
                <StoreClosingBanner />
                <PageHeader title={props.title} back={props.back} actions={props.actions} />
                <Flash notice={props.notice} error={props.error} />
                {props.children}
              </main>
            </div>
          </div>
          <script dangerouslySetInnerHTML={{ __html: ADMIN_SCRIPT }} />
        </body>
      </html>
    </>
  );
}

export interface AdminPageOpts {
  title: string;
  current?: AdminNavKey | string;
  notice?: string | undefined;
  error?: string | undefined;
  actions?: Child;
  back?: { href: string; label: string };
  status?: 200 | 400 | 403 | 404 | 409 | 422;
}

/** Renders an admin page inside the shell (call after adminGuard). */
export async function adminPage(c: Ctx, opts: AdminPageOpts, body: Child): Promise<Response> {
  const deps = c.get('deps');
  const store = storeOf(c);
  const p = c.get('principal');
  const userId = p?.kind === 'user' ? p.userId : '';
  const [user, stores] = await Promise.all([
    userId ? getUserAccount(deps, userId) : Promise.resolve(undefined),
    userId ? listUserStores(deps, userId) : Promise.resolve([]),
  ]);
  return c.html(
    <AdminShell
      title={opts.title}
      current={opts.current}
      storeName={store.name}
      storeHandle={store.handle}
      userEmail={user?.email ?? ''}
      role={c.get('role') ?? 'staff'}
      stores={stores}
      storeLink={(h) => storeUrl(deps.config, h)}
      csrf={csrfInput(c)}
      notice={opts.notice}
      error={opts.error}
      actions={opts.actions}
      back={opts.back}
    >
      {body}
    </AdminShell>,
    opts.status ?? 200,
  );
}
