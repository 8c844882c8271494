/**
 * Request plumbing that knows no domain: request id → logger, the Host,
 * bearer authentication, and the guards (`onlyOn`, `requireActiveStore`,
 * `requireUser`, `requireStoreRole`, `requireCustomer`, `requirePlatformAdmin`)
 * that only read the context. Middleware that needs a module (site from Host,
 * page sessions, the access lookups) lives in src/http/.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { type MembershipRole, ROLE_RANK } from '../auth/principal.js';
import { verifyAccessToken } from '../auth/tokens.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { forwardedHost } from './client-ip.js';
import type { AccessLookups, AppEnv, Deps, TenantInfo } from './context.js';

type Mw = MiddlewareHandler<AppEnv>;

/** First middleware: request id, deps and the access lookups the role guards use. */
export function requestContext(deps: Deps, access: AccessLookups): Mw {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    c.set('deps', deps);
    c.set('access', access);
    c.set('requestId', requestId);
    c.set('logBindings', { requestId });
    c.header('x-request-id', requestId);
    const started = performance.now();
    await next();
    const level = c.res.status >= 500 ? 'error' : 'debug';
    if (!deps.logger.isLevelEnabled(level)) return;
    const ms = Math.round((performance.now() - started) * 10) / 10;
    requestLog(c)[level]({ method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'request');
  };
}

/**
 * The request's logger (request id, and tenant id on a store host), built on
 * first use: most requests never log, and a pino child costs a serialisation
 * of its bindings.
 */
export function requestLog(c: Parameters<Mw>[0]): Logger {
  let log = c.get('log');
  if (!log) {
    log = c.get('deps').logger.child(c.get('logBindings') ?? {});
    c.set('log', log);
  }
  return log;
}

/** The Host the client asked for (X-Forwarded-Host only behind a trusted proxy). */
export function requestHost(c: Parameters<Mw>[0]): string {
  const forwarded = forwardedHost(c);
  return forwarded || c.req.header('host') || new URL(c.req.url).host;
}

/** Reads a bearer token if present; invalid tokens are treated as absent here and rejected by guards. */
export function authenticate(): Mw {
  // Not async: a request without a token (every shopper's) passes with no frame of its own.
  return (c, next) => {
    const header = c.req.header('authorization');
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m) return next();
    return verifyBearer(c, m[1]!, next);
  };
}

async function verifyBearer(c: Parameters<Mw>[0], token: string, next: Parameters<Mw>[1]): Promise<void> {
  const site = c.get('site');
  const principal = await verifyAccessToken(
    c.get('deps').keys,
    token,
    site.kind === 'store' ? site.tenant.id : undefined,
  );
  if (!principal) throw new AppError('unauthenticated', 'The access token is invalid or expired');
  c.set('principal', principal);
  await next();
}

/**
 * Routes that exist only on the apex or only on store hosts answer 404 elsewhere.
 * Guards that only read the context are plain functions returning next(): hono's
 * compose catches a synchronous throw like a rejected promise, and the request
 * skips an async frame (and its promise) per guard.
 */
export function onlyOn(kind: 'apex' | 'store'): Mw {
  return (c, next) => {
    if (c.get('site').kind !== kind) throw new AppError('not_found', 'Not found');
    return next();
  };
}

export function storeOf(c: Parameters<Mw>[0]): TenantInfo {
  const site = c.get('site');
  if (site.kind !== 'store') throw new AppError('not_found', 'Not found');
  return site.tenant;
}

/** Store API and checkout: a suspended store answers 503 store_unavailable. */
export function requireActiveStore(): Mw {
  return (c, next) => {
    if (storeOf(c).status !== 'active')
      throw new AppError('store_unavailable', 'This store is currently unavailable');
    return next();
  };
}

export function requireUser(): Mw {
  return async (c, next) => {
    if (c.get('principal')?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in as a merchant');
    await next();
  };
}

/**
 * !!! SECURITY CHOKE POINT — store admin access !!!
 * No token → 401. A user who is not a member of THIS store → 404 for
 * everything (the store's admin does not exist for them). A role below
 * `min` → 403.
 */
export function requireStoreRole(min: MembershipRole = 'staff'): Mw {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in as a merchant');
    const tenant = storeOf(c);
    const role = await c.get('access').storeRole(c.get('deps'), tenant.id, principal.userId);
    if (!role) throw new AppError('not_found', 'Not found');
    if (ROLE_RANK[role] < ROLE_RANK[min])
      throw new AppError('forbidden', `This needs the ${min} role or higher`);
    c.set('role', role);
    await next();
  };
}

export function requireCustomer(): Mw {
  return async (c, next) => {
    customerIdOf(c);
    await next();
  };
}

/**
 * SECURITY: whose data a store route serves. The signed-in shopper of THIS
 * store (bearer token or page session), else 401 — a customer principal of
 * another store never passes. Store route handlers read their customer here,
 * never from the principal by hand.
 */
export function customerIdOf(c: Parameters<Mw>[0]): string {
  const p = c.get('principal');
  if (p?.kind !== 'customer' || p.tenantId !== storeOf(c).id)
    throw new AppError('unauthenticated', 'Sign in to your account');
  return p.customerId;
}

/** The signed-in shopper of this store, or undefined for a guest (routes open to both). */
export function signedInCustomerIdOf(c: Parameters<Mw>[0]): string | undefined {
  const p = c.get('principal');
  return p?.kind === 'customer' && p.tenantId === storeOf(c).id ? p.customerId : undefined;
}

/** Console: no token → 401; a token of a user who is not a platform admin → 403. */
export function requirePlatformAdmin(): Mw {
  return async (c, next) => {
    const p = c.get('principal');
    if (p?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in as a platform admin');
    if (!(await c.get('access').isPlatformAdmin(c.get('deps'), p.userId)))
      throw new AppError('forbidden', 'Platform admins only');
    await next();
  };
}
