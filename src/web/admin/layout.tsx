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
 *   the user's email and store list).
 * - Forms: put `{csrfInput(c)}` from src/lib/http/csrf.ts in every POST form.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { requirePageUser } from '../../http/session.js';
import { storeUrl } from '../../lib/config.js';
import type { MembershipRole } from '../../lib/db/tables/platform.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { getUserAccount, listUserStores, type UserStore } from '../../modules/auth/service.js';
import { UI_CSS } from '../assets/ui-css.js';
import { ImpersonationBanner } from '../console/impersonation-banner.js';

export type AdminNavKey =
  | 'overview'
  | 'products'
  | 'orders'
  | 'inventory'
  | 'pricing'
  | 'restock'
  | 'alerts'
  | 'customers'
  | 'staff'
  | 'settings'
  | 'billing';

export const ADMIN_NAV: { key: AdminNavKey; href: string; label: string }[] = [
  { key: 'overview', href: '/admin', label: 'Overview' },
  { key: 'products', href: '/admin/products', label: 'Products' },
  { key: 'orders', href: '/admin/orders', label: 'Orders' },
  { key: 'inventory', href: '/admin/inventory', label: 'Inventory' },
  { key: 'pricing', href: '/admin/pricing', label: 'Pricing' },
  { key: 'restock', href: '/admin/restock', label: 'Restock' },
  { key: 'alerts', href: '/admin/alerts', label: 'Alerts' },
  { key: 'customers', href: '/admin/customers', label: 'Customers' },
  { key: 'staff', href: '/admin/staff', label: 'Staff' },
  { key: 'settings', href: '/admin/settings', label: 'Settings' },
  { key: 'billing', href: '/admin/billing', label: 'Billing' },
];

type Ctx = Context<AppEnv>;

/** Page guard chain for admin pages: sign-in redirect, membership (404), role (403). */
export function adminGuard(
  min: MembershipRole = 'staff',
): readonly [MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>] {
  return [requirePageUser('/admin/login'), requireStoreRole(min)] as const;
}

const ADMIN_CSS =
  ':root{--c-primary:#4338ca;--c-on-primary:#fff;--c-bg:#fff;--c-surface:#f7f7fb;--c-text:#17172b;' +
  '--c-muted:#55556a;--c-accent:#0e9f6e;--c-border:#dcdce8;--f-body:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;' +
  '--f-heading:var(--f-body)}' +
  '.admin{display:grid;grid-template-columns:13rem 1fr;min-height:100vh}' +
  '.admin-side{background:var(--c-surface);border-right:1px solid var(--c-border);padding:1rem}' +
  '.admin-side ul{list-style:none;margin:0;padding:0}' +
  '.admin-side li a{display:block;padding:.4rem .6rem;border-radius:.35rem;text-decoration:none;color:var(--c-text)}' +
  '.admin-side li a[aria-current=page]{background:var(--c-primary);color:var(--c-on-primary)}' +
  '.admin-top{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:.75rem 1.5rem;border-bottom:1px solid var(--c-border)}' +
  '.admin-main{padding:0 1.5rem 3rem;max-width:80rem}' +
  '.switcher summary{cursor:pointer}.switcher ul{margin:.5rem 0 0;padding-left:1rem}' +
  '.stats{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr))}' +
  '.stat .n{font-size:1.8rem;font-weight:700;display:block}' +
  'table.table{border-collapse:collapse;width:100%}table.table th,table.table td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--c-border)}' +
  '@media (max-width:48rem){.admin{grid-template-columns:1fr}.admin-side{border-right:0;border-bottom:1px solid var(--c-border)}.admin-side ul{display:flex;flex-wrap:wrap;gap:.25rem}}';

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
  children?: Child;
}

/** The side navigation: the store's name, a link to its storefront, the admin sections. */
function AdminNav(props: { storeName: string; current?: string }) {
  return (
    <nav class="admin-side" aria-label="Admin sections">
      <p>
        <strong>{props.storeName}</strong>
        <br />
        <a class="muted" href="/">
          View store
        </a>
      </p>
      <ul>
        {ADMIN_NAV.map((n) => (
          <li>
            <a href={n.href} aria-current={n.key === props.current ? 'page' : undefined}>
              {n.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
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
                <form method="post" action="/admin/switch" style="display:inline">
                  {props.csrf}
                  <input type="hidden" name="handle" value={s.handle} />
                  <button class="btn btn-secondary" type="submit">
                    {s.name}
                  </button>
                </form>{' '}
                <span class="muted">({s.role})</span>
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <span class="muted">{props.storeHandle}</span>
      )}
      <form method="post" action="/admin/logout" style="display:flex;gap:.75rem;align-items:center">
        <span>
          {props.userEmail} <span class="muted">· {props.role}</span>
        </span>
        {props.csrf}
        <button class="btn btn-secondary" type="submit">
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
          <title>{`${props.title} · ${props.storeName} admin`}</title>
          <style dangerouslySetInnerHTML={{ __html: ADMIN_CSS + UI_CSS }} />
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <ImpersonationBanner />
          <div class="admin">
            <AdminNav storeName={props.storeName} current={props.current} />
            <div>
              <AdminTopBar {...props} />
              <main id="main" class="admin-main" tabindex={-1}>
                <h1>{props.title}</h1>
                {props.notice ? (
                  <p class="notice" role="status">
                    {props.notice}
                  </p>
                ) : null}
                {props.error ? (
                  <p class="notice error" role="alert">
                    {props.error}
                  </p>
                ) : null}
                {props.children}
              </main>
            </div>
          </div>
        </body>
      </html>
    </>
  );
}

/** Renders an admin page inside the shell (call after adminGuard). */
export async function adminPage(
  c: Ctx,
  opts: {
    title: string;
    current?: AdminNavKey | string;
    notice?: string;
    error?: string;
    status?: 200 | 400 | 403 | 404 | 409;
  },
  body: Child,
): Promise<Response> {
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
    >
      {body}
    </AdminShell>,
    opts.status ?? 200,
  );
}
