/** The console's audit log across every store, newest first, filtered by store and action. */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { z } from '../../lib/http/openapi.js';
import { type ConsoleAuditItem, listConsoleAudit } from '../../modules/console/audit-view.js';
import { blankToUndef, ConsoleLayout } from './layout.js';

type Ctx = Context<AppEnv>;

const ZAuditFilters = z.object({
  tenantId: z.uuid().optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  cursor: z.coerce.number().int().positive().optional().catch(undefined),
});

type AuditFilters = z.infer<typeof ZAuditFilters>;

function AuditFilters({ f }: { f: AuditFilters }) {
  return (
    <form
      method="get"
      action="/console/audit"
      role="search"
      aria-label="Filter the audit log"
      style="display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end"
    >
      <div class="field">
        <label for="tenantId">Tenant id</label>
        <input id="tenantId" name="tenantId" value={f.tenantId ?? ''} size={38} />
      </div>
      <div class="field">
        <label for="action">Action</label>
        <input id="action" name="action" value={f.action ?? ''} placeholder="e.g. auth.login_failed" />
      </div>
      <div class="field">
        <button class="btn" type="submit">
          Filter
        </button>
      </div>
    </form>
  );
}

function AuditTable({ items }: { items: ConsoleAuditItem[] }) {
  return (
    <table class="table">
      <caption class="visually-hidden">Audit entries, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When (UTC)</th>
          <th scope="col">Action</th>
          <th scope="col">Actor</th>
          <th scope="col">Target</th>
          <th scope="col">Store</th>
          <th scope="col">IP</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr>
            <td>
              <time datetime={e.createdAt}>{e.createdAt.slice(0, 19).replace('T', ' ')}</time>
            </td>
            <td>{e.action}</td>
            <td>
              {e.actorType}
              {e.actorEmail ? ` · ${e.actorEmail}` : ''}
            </td>
            <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
            <td>
              {e.tenantId ? (
                <a href={`/console/tenants/${e.tenantId}`}>{e.tenantId.slice(0, 8)}</a>
              ) : (
                'platform'
              )}
            </td>
            <td>{e.ip ?? '—'}</td>
            <td>
              <code>{Object.keys(e.data).length ? JSON.stringify(e.data) : ''}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export async function auditPage(c: Ctx) {
  const f = ZAuditFilters.parse(blankToUndef(c.req.query()));
  const page = await listConsoleAudit(c.get('deps').db, {
    tenantId: f.tenantId,
    action: f.action,
    beforeId: f.cursor,
    limit: 100,
  });
  const params = new URLSearchParams(blankToUndef({ tenantId: f.tenantId ?? '', action: f.action ?? '' }));
  return c.html(
    <ConsoleLayout title="Audit log" current="audit">
      <AuditFilters f={f} />
      <AuditTable items={page.items} />
      {page.items.length === 0 ? <p class="muted">No entries.</p> : null}
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
