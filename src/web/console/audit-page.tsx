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
import { type Column, DataTable, EmptyState, FilterBar } from '../components/ui.js';
import { blankToUndef, ConsoleLayout, Scroll, when } from './layout.js';

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
    <FilterBar
      action="/console/audit"
      label="Filter the audit log"
      search={false}
      keep={{ tenantId: f.tenantId }}
      inputs={[
        { name: 'store', label: 'Store handle', value: f.store, size: 16 },
        { name: 'actor', label: 'Who (email)', type: 'email', value: f.actor, size: 22 },
      ]}
      selects={[
        {
          name: 'action',
          label: 'What',
          options: [
            { value: '', label: 'Any action' },
            ...Object.entries(AUDIT_ACTIONS).map(([k, label]) => ({ value: k, label })),
          ],
          value: f.action,
        },
      ]}
      submitLabel="Filter"
      after={f.tenantId || f.store || f.actor || f.action ? <a href="/console/audit">Clear filters</a> : null}
    />
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

const AUDIT_COLUMNS: Column<ConsoleAuditItem>[] = [
  { key: 'when', label: 'When', render: (e) => <time datetime={e.createdAt}>{when(e.createdAt)}</time> },
  {
    key: 'who',
    label: 'Who',
    render: (e) => (
      <>
        {who(e)}
        {e.ip ? <span class="muted"> · {e.ip}</span> : null}
      </>
    ),
  },
  {
    key: 'what',
    label: 'What',
    render: (e) => (
      <>
        {AUDIT_ACTIONS[e.action] ?? e.action}
        {e.targetLabel ? <span class="muted"> → {e.targetLabel}</span> : null}
      </>
    ),
  },
  {
    key: 'store',
    label: 'Store',
    render: (e) =>
      e.store && e.tenantId ? (
        <a href={`/console/tenants/${e.tenantId}`}>{e.store.name}</a>
      ) : (
        <span class="muted">Platform</span>
      ),
  },
  { key: 'details', label: 'Details', render: (e) => <Details data={e.data} /> },
];

function AuditTable({ items }: { items: ConsoleAuditItem[] }) {
  return (
    <Scroll label="Audit entries">
      <DataTable
        caption="Audit entries, newest first"
        rows={items}
        columns={AUDIT_COLUMNS}
        empty={<EmptyState title="No entries match these filters." body="Clear a filter to see more." />}
      />
    </Scroll>
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
      <AuditTable items={page.items} />
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
