/**
 * The console's tenant detail: who and what the store is, its usage against
 * its plan's limits (tenant-usage.tsx), and the operations support and sales
 * need (tenant-forms.tsx) — plan override, trial extension, "sign in as this
 * store's owner", suspend / reactivate / delete, and for a store its owner is
 * closing, its purge date with "purge now" and "cancel closing". Every
 * operation asks for a reason (kept in the audit log); the destructive ones
 * also ask to type the store's handle.
 */
import type { Context } from 'hono';
import { storeUrl } from '../../lib/config.js';
import type { AppEnv } from '../../lib/http/context.js';
import type { TenantDetail } from '../../modules/console/service.js';
import type { Entitlements } from '../../modules/entitlements/service.js';
import { Badge } from '../components/ui.js';
import { ConsoleLayout, when } from './layout.js';
import {
  ClosingForms,
  DangerForm,
  ImpersonateForm,
  PlanForm,
  ReactivateForm,
  type TenantPageState,
  TrialForm,
} from './tenant-forms.js';
import { Usage } from './tenant-usage.js';

export type { TenantPageState };

type Ctx = Context<AppEnv>;

function Summary({ c, t }: { c: Ctx; t: TenantDetail }) {
  return (
    <dl class="kv">
      <dt>Address</dt>
      <dd>
        <a href={storeUrl(c.get('deps').config, t.handle)}>{t.handle}</a>
      </dd>
      <dt>Status</dt>
      <dd>
        <strong>{t.status}</strong>
        {t.suspendedReason ? ` — ${t.suspendedReason}` : ''}
        {t.suspendedAt ? ` (since ${when(t.suspendedAt)})` : ''}
      </dd>
      {t.closing ? (
        <>
          <dt>Closing</dt>
          <dd>
            <Badge tone="danger">Closing</Badge> since {when(t.closing.requestedAt)} · data purged after{' '}
            <strong>{when(t.closing.purgeAfter)}</strong>
            {t.closing.reason ? ` · owner's reason: ${t.closing.reason}` : ''}
          </dd>
        </>
      ) : null}
      <dt>Plan</dt>
      <dd>{t.entitlements.planName}</dd>
      <dt>Owners</dt>
      <dd>{t.owners.map((o) => o.email).join(', ') || '—'}</dd>
      <dt>Created</dt>
      <dd>{t.createdAt.slice(0, 10)}</dd>
      <dt>Totals</dt>
      <dd>
        {t.counts.members} members · {t.counts.products} products · {t.counts.orders} orders ·{' '}
        {t.counts.customers} customers
      </dd>
    </dl>
  );
}

function Operations({
  c,
  t,
  s,
  plans,
}: {
  c: Ctx;
  t: TenantDetail;
  s: TenantPageState;
  plans: Entitlements[];
}) {
  if (t.status === 'deleted') return null;
  return (
    <div class="ops">
      <ClosingForms c={c} t={t} s={s} />
      <PlanForm c={c} t={t} s={s} plans={plans} />
      <TrialForm c={c} t={t} s={s} />
      <ImpersonateForm c={c} t={t} s={s} />
      {t.closing ? null : t.status === 'active' ? (
        <DangerForm c={c} t={t} s={s} kind="suspend" />
      ) : (
        <ReactivateForm c={c} t={t} s={s} />
      )}
      {t.closing ? null : <DangerForm c={c} t={t} s={s} kind="delete" />}
    </div>
  );
}

export function renderTenantPage(c: Ctx, t: TenantDetail, plans: Entitlements[], s: TenantPageState) {
  return c.html(
    <ConsoleLayout title={t.name} current="tenants" notice={s.notice} error={s.form ? undefined : s.error}>
      <p>
        <a href="/console">← All tenants</a> ·{' '}
        <a href={`/console/audit?tenantId=${t.id}`}>Audit log of this store</a> · Export store data:{' '}
        <a href={`/console/tenants/${t.id}/export.zip`} download>
          ZIP
        </a>{' '}
        /{' '}
        <a href={`/console/tenants/${t.id}/export.json`} download>
          JSON
        </a>
      </p>
      <Summary c={c} t={t} />
      <Usage t={t} />
      <Operations c={c} t={t} s={s} plans={plans} />
    </ConsoleLayout>,
    s.status ?? 200,
  );
}
