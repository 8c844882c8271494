/**
 * The console's audit log across every store, newest first, as people read
 * it: when, who (email), what (a plain-language action), which store (name,
 * linked), the target and the details as "key: value". Filters: store
 * handle, actor email, action.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { z } from '../../lib/http/openapi.js';
import { AUDIT_ACTIONS, type ConsoleAuditItem, listConsoleAudit } from '../../modules/console/audit-view.js';
import { blankToUndef, ConsoleLayout, when } from './layout.js';

type Ctx = Context<AppEnv>;

const ZAuditFilters = z.object({
  tenantId: z.uuid().optional().catch(undefined),
  store: z.string().trim().max(60).optional().catch(undefined),
  actor: z.string().trim().max(254).optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  cursor: z.coerce.number().int().positive().optional().catch(undefined),
});

type AuditFilters = z.infer<typeof ZAuditFilters>;

function AuditFilterForm({ f }: { f: AuditFilters }) {
  return (
    <form
      method="get"
      action="/console/audit"
      role="search"
      aria-label="Filter the audit log"
      class="filters"
    >
      {f.tenantId ? <input type="hidden" name="tenantId" value={f.tenantId} /> : null}
      <div class="field">
        <label for="store">Store handle</label>
        <input id="store" name="store" value={f.store ?? ''} size={16} />
      </div>
      <div class="field">
        <label for="actor">Who (email)</label>
        <input id="actor" name="actor" type="email" value={f.actor ?? ''} size={22} />
      </div>
      <div class="field">
        <label for="action">What</label>
        <select id="action" name="action">
          <option value="">Any action</option>
          {Object.entries(AUDIT_ACTIONS).map(([k, label]) => (
            <option value={k} selected={f.action === k}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <button class="btn" type="submit">
          Filter
        </button>
      </div>
      {f.tenantId || f.store || f.actor || f.action ? (
        <div class="field">
          <a href="/console/audit">Clear filters</a>
        </div>
      ) : null}
    </form>
  );
}

const ACTOR_WORDS: Record<string, string> = {
  customer: 'a shopper',
  system: 'Storeloom (system)',
  anonymous: 'someone not signed in',
};

function who(e: ConsoleAuditItem): string {
  if (e.actorEmail)
    return e.actorType === 'platform_admin' ? `${e.actorEmail} (platform admin)` : e.actorEmail;
  return ACTOR_WORDS[e.actorType] ?? e.actorType;
}

function Details({ data }: { data: Record<string, unknown> }) {
  const entries = Object.entries(data).filter(([k]) => !k.endsWith('Id'));
  if (!entries.length) return <span class="muted">—</span>;
  return (
    <span>
      {entries.map(([k, v], i) => (
        <>
          {i ? '; ' : ''}
          <span class="muted">{k}:</span> {typeof v === 'string' ? v : JSON.stringify(v)}
        </>
      ))}
    </span>
  );
}

function AuditTable({ items }: { items: ConsoleAuditItem[] }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Store</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr>
              <td>
                <time datetime={e.createdAt}>{when(e.createdAt)}</time>
              </td>
              <td>
                {who(e)}
                {e.ip ? <span class="muted"> · {e.ip}</span> : null}
              </td>
              <td>
                {AUDIT_ACTIONS[e.action] ?? e.action}
                {e.targetLabel ? <span class="muted"> → {e.targetLabel}</span> : null}
              </td>
              <td>
                {e.store && e.tenantId ? (
                  <a href={`/console/tenants/${e.tenantId}`}>{e.store.name}</a>
                ) : (
                  <span class="muted">Platform</span>
                )}
              </td>
              <td>
                <Details data={e.data} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export async function auditPage(c: Ctx) {
  const f = ZAuditFilters.parse(blankToUndef(c.req.query()));
  const page = await listConsoleAudit(c.get('deps').db, {
    tenantId: f.tenantId,
    storeHandle: f.store,
    actorEmail: f.actor,
    action: f.action,
    beforeId: f.cursor,
    limit: 100,
  });
  const params = new URLSearchParams(
    blankToUndef({
      tenantId: f.tenantId ?? '',
      store: f.store ?? '',
      actor: f.actor ?? '',
      action: f.action ?? '',
    }),
  );
  return c.html(
    <ConsoleLayout title="Audit log" current="audit">
      <AuditFilterForm f={f} />
      {page.items.length === 0 ? (
        <p class="muted">No entries match these filters.</p>
      ) : (
        <AuditTable items={page.items} />
      )}
      {page.nextBeforeId ? (
        <p>
          <a href={`/console/audit?${params.toString()}${params.size ? '&' : ''}cursor=${page.nextBeforeId}`}>
            Older entries
          </a>
        </p>
      ) : null}
    </ConsoleLayout>,
  );
}
