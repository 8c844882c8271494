/**
 * Admin page /admin/settings/domain (store host; read: staff, change:
 * admin): the store's custom domain — add it, see the DNS records to create,
 * check now, remove. A plan without custom domains sees an upgrade prompt
 * instead of the form. Calls the same service as /api/admin/domain.
 */
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import {
  addStoreDomain,
  getStoreDomain,
  removeStoreDomain,
  type StoreDomain,
  verifyStoreDomain,
} from '../../modules/domains/service.js';
import { adminGuard, adminPage } from './layout.js';

type Ctx = Context<AppEnv>;

const NOTICES: Record<string, string> = {
  added: 'Domain added. Create one of the DNS records below, then check.',
  verified: 'Verified: your store now answers on this domain.',
  pending: 'Not verified yet: the record was not found. DNS changes can take a while; check again later.',
  removed: 'Domain removed.',
};

function Records({ d }: { d: StoreDomain }) {
  return (
    <div class="table-wrap" style="overflow-x:auto">
      <table class="table">
        <caption>Create ONE of these records at your DNS provider</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {d.records.map((r) => (
            <tr>
              <td>{r.type}</td>
              <td>
                <code style="word-break:break-all">{r.name}</code>
              </td>
              <td>
                <code style="word-break:break-all">{r.value}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DomainCard({ c, d }: { c: Ctx; d: StoreDomain }) {
  const status = { verified: 'Verified', pending: 'Waiting for DNS', failing: 'Not found in DNS' }[d.status];
  return (
    <section class="card" aria-labelledby="domain-h">
      <h2 id="domain-h">{d.domain}</h2>
      <p>
        Status: <strong data-testid="domain-status">{status}</strong>
        {d.lastCheckedAt ? (
          <span class="muted"> · last checked {d.lastCheckedAt.slice(0, 16).replace('T', ' ')} UTC</span>
        ) : null}
      </p>
      {d.lastCheckError && d.status !== 'verified' ? <p class="muted">{d.lastCheckError}</p> : null}
      {d.status === 'verified' ? (
        <p>Your storefront redirects here from its Storeloom address, and search engines see this domain.</p>
      ) : (
        <Records d={d} />
      )}
      <div style="display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem">
        <form method="post" action="/admin/settings/domain/verify">
          {csrfInput(c)}
          <button class="btn" type="submit">
            Check now
          </button>
        </form>
        <form method="post" action="/admin/settings/domain/remove">
          {csrfInput(c)}
          <button class="btn btn-secondary" type="submit">
            Remove domain
          </button>
        </form>
      </div>
    </section>
  );
}

async function domainPage(c: Ctx, s: { error?: string; typed?: string; status?: 200 | 400 | 409 } = {}) {
  const state = await getStoreDomain(c.get('deps'), storeOf(c).id);
  const notice = NOTICES[c.req.query('done') ?? ''];
  let body: Child;
  if (!state.entitled && !state.domain) {
    body = (
      <section class="card">
        <h2>Use your own domain</h2>
        <p>
          Custom domains are not included in the {state.planName} plan. Upgrade to Growth or Pro to serve your
          store at an address like shop.example.com.
        </p>
        <p>
          <a class="btn" href="/admin/billing">
            See plans
          </a>
        </p>
      </section>
    );
  } else if (state.domain) {
    body = (
      <>
        {!state.entitled ? (
          <p class="notice error">
            Your plan no longer includes a custom domain: it does not resolve until you upgrade.
          </p>
        ) : null}
        <DomainCard c={c} d={state.domain} />
      </>
    );
  } else {
    body = (
      <form method="post" action="/admin/settings/domain" class="card">
        <h2>Add your domain</h2>
        {csrfInput(c)}
        <div class="field">
          <label for="domain">Domain</label>
          <input
            id="domain"
            name="domain"
            placeholder="shop.example.com"
            required
            value={s.typed ?? ''}
            aria-describedby={s.error ? 'domain-error' : 'domain-hint'}
            aria-invalid={s.error ? 'true' : undefined}
          />
          {s.error ? (
            <span class="error-text" id="domain-error">
              {s.error}
            </span>
          ) : (
            <span class="hint" id="domain-hint">
              A domain or subdomain you control. One per store.
            </span>
          )}
        </div>
        <button class="btn" type="submit">
          Add domain
        </button>
      </form>
    );
  }
  return adminPage(c, { title: 'Custom domain', current: 'settings', notice, status: s.status }, body);
}

async function addSubmit(c: Ctx) {
  const typed = String((await c.req.parseBody()).domain ?? '').slice(0, 300);
  try {
    await addStoreDomain(c.get('deps'), storeOf(c).id, typed);
  } catch (err) {
    if (err instanceof AppError && ['validation_failed', 'conflict', 'plan_limit_reached'].includes(err.code))
      return domainPage(c, {
        error: err.message,
        typed,
        status: err.code === 'validation_failed' ? 400 : 409,
      });
    throw err;
  }
  return c.redirect('/admin/settings/domain?done=added', 303);
}

async function verifySubmit(c: Ctx) {
  const d = await verifyStoreDomain(c.get('deps'), storeOf(c).id);
  return c.redirect(`/admin/settings/domain?done=${d.status === 'verified' ? 'verified' : 'pending'}`, 303);
}

async function removeSubmit(c: Ctx) {
  await removeStoreDomain(c.get('deps'), storeOf(c).id);
  return c.redirect('/admin/settings/domain?done=removed', 303);
}

export const domainSettingsPages = new Hono<AppEnv>();
domainSettingsPages.get('/admin/settings/domain', ...adminGuard('staff'), (c) => domainPage(c));
domainSettingsPages.post('/admin/settings/domain', ...adminGuard('admin'), addSubmit);
domainSettingsPages.post('/admin/settings/domain/verify', ...adminGuard('admin'), verifySubmit);
domainSettingsPages.post('/admin/settings/domain/remove', ...adminGuard('admin'), removeSubmit);
