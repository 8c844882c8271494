/**
 * Admin page /admin/promotion-rules: the store's promotion rules (as a
 * merchant reads them), the worker's proposals with the numbers behind each
 * (approve — optionally with another discount or length — or reject), the
 * running and past promotions with their results against the forecast
 * without them, and the new-rule form. Reads: staff; changes: admin. Calls
 * the promotion-rules services only (the same ones as the JSON API).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { onlyOn, storeOf } from '../../lib/http/middleware.js';
import { listOffers, listProposals } from '../../modules/promotion-rules/offers.js';
import type { OfferOut, PromotionRuleOut, ProposalOut } from '../../modules/promotion-rules/schemas.js';
import { KIND_LABELS, listPromotionRules } from '../../modules/promotion-rules/service.js';
import { Button, Card, EmptyState } from '../components/ui.js';
import { DataTable } from '../components/ui-table.js';
import { noticeFrom } from '../notices.js';
import { adminGuard, adminPage } from './layout.js';
import { moneyText } from './money-text.js';
import {
  type ApproveFormState,
  budgetPeriodText,
  RULE_DEFAULTS,
  RuleForm,
  type RuleFormErrors,
  type RuleFormValues,
  ruleSummary,
} from './promotion-rules-form.js';

type Ctx = Context<AppEnv>;

export const PROMOTION_NOTICES = {
  created: 'Rule created. It proposes on the next pricing run, or now with “Propose now”.',
  updated: 'Rule updated.',
  deleted: 'Rule deleted, with its promotions.',
  proposed: 'Proposals refreshed from the current stock and sales.',
  approved: 'Promotion started: the storefront and checkout show it now.',
  rejected: 'Proposal rejected.',
  stale: 'That proposal was already decided or replaced by a newer one.',
} as const;

const pct = (bp: number) => `${bp / 100}%`;
const day = (iso: string) => iso.slice(0, 10);

function RulesTable({ c, rules, canEdit }: { c: Ctx; rules: PromotionRuleOut[]; canEdit: boolean }) {
  return (
    <DataTable
      caption="Promotion rules"
      rows={rules}
      empty={
        <EmptyState
          title="No promotion rules yet"
          body="Create one below: the pricing worker then proposes promotions from your stock and sales."
        />
      }
      columns={[
        { key: 'name', label: 'Rule', render: (r) => <strong>{r.name}</strong> },
        { key: 'kind', label: 'Kind', render: (r) => KIND_LABELS[r.kind] },
        { key: 'what', label: 'Settings', render: (r) => ruleSummary(r.kind, r.params) },
        {
          key: 'limits',
          label: 'Budget, priority',
          render: (r) =>
            `${r.budgetCap == null ? 'No budget cap' : `${moneyText(r.budgetCap, storeOf(c).currency)} ${budgetPeriodText(r)}`}; priority ${r.priority}${r.stackable ? ', stacks' : ''}`,
        },
        {
          key: 'mode',
          label: 'Mode',
          render: (r) =>
            r.active ? (r.autoApply ? 'Applies automatically' : 'Proposes for approval') : 'Paused',
        },
        {
          key: 'act',
          label: 'Actions',
          render: (r) =>
            canEdit ? (
              <div class="row-actions">
                <form method="post" action={`/admin/promotion-rules/${r.id}/toggle`}>
                  {csrfInput(c)}
                  <input type="hidden" name="field" value="autoApply" />
                  <button type="submit">{r.autoApply ? 'Ask me first' : 'Apply automatically'}</button>
                </form>
                <form method="post" action={`/admin/promotion-rules/${r.id}/toggle`}>
                  {csrfInput(c)}
                  <input type="hidden" name="field" value="active" />
                  <button type="submit">{r.active ? 'Pause' : 'Resume'}</button>
                </form>
                <form method="post" action={`/admin/promotion-rules/${r.id}/delete`}>
                  {csrfInput(c)}
                  <button type="submit">Delete</button>
                </form>
              </div>
            ) : null,
        },
      ]}
    />
  );
}

/** One number field of the approve form: the typed value and its message, tied by aria-describedby. */
function ApproveInput(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  size: number;
  error?: string | undefined;
}) {
  const fid = `${props.name}-${props.id}`;
  return (
    <label>
      {props.label}{' '}
      <input
        id={fid}
        name={props.name}
        inputmode={props.name === 'days' ? 'numeric' : 'decimal'}
        size={props.size}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${fid}-error` : undefined}
      />
      {props.error ? (
        <span class="error-text" id={`${fid}-error`} style="display:block">
          {props.error}
        </span>
      ) : null}
    </label>
  );
}

function ProposalsList({
  c,
  items,
  canEdit,
  approve,
}: {
  c: Ctx;
  items: ProposalOut[];
  canEdit: boolean;
  approve?: ApproveFormState | undefined;
}) {
  const cur = storeOf(c).currency;
  if (items.length === 0)
    return (
      <EmptyState
        title="Nothing proposed right now"
        body="Proposals appear after each hourly pricing run and after each restock plan."
      />
    );
  // Blocks, not a table: each proposal carries a sentence and a form, which must stay readable at 390 px.
  return (
    <ul class="proposal-list" style="list-style:none;padding:0;margin:0">
      {items.map((p) => {
        // A refused approve form keeps what the merchant typed, with the messages.
        const typed = approve?.id === p.id ? approve : undefined;
        return (
          <li style="border-bottom:1px solid #e3e5ee;padding:.75rem 0">
            <p>
              <strong>{p.productTitle}</strong>{' '}
              <span class="muted">
                ({p.sku} · {p.ruleName})
              </span>
              <br />
              <s>{moneyText(p.listPrice, cur)}</s> → <strong>{moneyText(p.promoPrice, cur)}</strong> (−
              {pct(p.discountBp)}) for {p.durationDays} days
            </p>
            <p class="proposal-why">{p.explanation}</p>
            <p class="muted">
              Expected: {p.expectedUnits} units, {moneyText(p.expectedRevenue, cur)} (without it:{' '}
              {p.baselineUnits} units, {moneyText(p.baselineRevenue, cur)}).
            </p>
            {canEdit ? (
              <div class="row-actions">
                <form method="post" action={`/admin/promotion-proposals/${p.id}/approve`}>
                  {csrfInput(c)}
                  <ApproveInput
                    id={p.id}
                    name="discountPct"
                    label="Discount %"
                    size={4}
                    value={typed?.values.discountPct ?? String(p.discountBp / 100)}
                    error={typed?.errors.discountPct}
                  />{' '}
                  <ApproveInput
                    id={p.id}
                    name="days"
                    label="Days"
                    size={3}
                    value={typed?.values.days ?? String(p.durationDays)}
                    error={typed?.errors.days}
                  />{' '}
                  <button type="submit">Approve</button>
                </form>
                <form method="post" action={`/admin/promotion-proposals/${p.id}/reject`}>
                  {csrfInput(c)}
                  <button type="submit">Reject</button>
                </form>
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** Running and past promotions with their results (shared with the overview card). */
export function OffersTable({ items, currency }: { items: OfferOut[]; currency: string }) {
  return (
    <DataTable
      caption="Promotions and results"
      rows={items}
      empty={
        <EmptyState
          title="No promotions yet"
          body="Approved proposals and auto-applied rules show here with their results."
        />
      }
      columns={[
        {
          key: 'p',
          label: 'Product',
          render: (o) => (
            <>
              <a href={`/admin/products/${o.productId}`}>{o.productTitle}</a>
              <br />
              <span class="muted">
                {o.sku} · {o.ruleName}
              </span>
            </>
          ),
        },
        { key: 'd', label: 'Discount', render: (o) => `−${pct(o.discountBp)}` },
        {
          key: 'when',
          label: 'When',
          render: (o) =>
            o.status === 'active' ? `Until ${day(o.endsAt)}` : `Ended: ${o.endedReason ?? day(o.endsAt)}`,
        },
        {
          key: 'u',
          label: 'Units (forecast without)',
          num: true,
          render: (o) => `${o.units} (${o.baselineUnits})`,
        },
        {
          key: 'r',
          label: 'Revenue (forecast without)',
          num: true,
          render: (o) => `${moneyText(o.revenue, currency)} (${moneyText(o.baselineRevenue, currency)})`,
        },
        { key: 'm', label: 'Margin', num: true, render: (o) => moneyText(o.margin, currency) },
      ]}
    />
  );
}

export async function renderPromotionRules(
  c: Ctx,
  values?: RuleFormValues,
  errors: RuleFormErrors = {},
  approve?: ApproveFormState,
) {
  const db = c.get('deps').db;
  const store = storeOf(c);
  const [rules, proposals, offers] = await Promise.all([
    listPromotionRules(db, store.id),
    listProposals(db, store.id, 'open'),
    listOffers(db, store.id, null),
  ]);
  const canEdit = c.get('role') !== 'staff';
  const failed = Object.keys(errors).length > 0 || Object.keys(approve?.errors ?? {}).length > 0;
  return adminPage(
    c,
    {
      title: 'Promotion rules',
      current: 'promotions',
      notice: noticeFrom(c, PROMOTION_NOTICES),
      error: failed ? 'Please check the highlighted fields.' : undefined,
      status: failed ? 400 : 200,
    },
    <>
      <Card title="Rules">
        <RulesTable c={c} rules={rules} canEdit={canEdit} />
      </Card>
      <Card
        title={`Proposals (${proposals.length})`}
        actions={
          // Nothing to propose from until a rule exists (the empty states say to create one).
          canEdit && rules.length > 0 ? (
            <form method="post" action="/admin/promotion-rules/propose">
              {csrfInput(c)}
              <Button>Propose now</Button>
            </form>
          ) : undefined
        }
      >
        <ProposalsList c={c} items={proposals} canEdit={canEdit} approve={approve} />
      </Card>
      <Card title="Promotions and results">
        <OffersTable items={offers} currency={store.currency} />
      </Card>
      {canEdit ? (
        <Card title="New rule" id="new-rule">
          <RuleForm c={c} values={values ?? RULE_DEFAULTS} errors={errors} currency={store.currency} />
        </Card>
      ) : null}
    </>,
  );
}

/** Mounted by src/web/routes.ts. */
export const promotionRulesPages = new Hono<AppEnv>()
  .use('/admin/*', onlyOn('store'))
  .get('/admin/promotion-rules', ...adminGuard('staff'), (c) => renderPromotionRules(c));
