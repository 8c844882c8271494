/**
 * Admin page /admin/pricing (store host, cookie session): settings mode,
 * proposed changes with reasons (apply them), rules and promotions.
 * Server-rendered, no JavaScript needed; POST forms carry the CSRF field and
 * redirect back (303) with a notice code. Calls pricing's services only.
 */
import { type Context, Hono } from 'hono';
import { isUuid } from '../../lib/db/index.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { actorOf } from '../../modules/catalog/actor.js';
import { reasonEffect } from '../../modules/pricing/reason-text.js';
import type { Proposal } from '../../modules/pricing/schemas.js';
import {
  applyOpenProposals,
  getPricingOverview,
  updatePricingSettings,
} from '../../modules/pricing/service.js';
import { Button, EmptyState } from '../components/ui.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import { adminGuard, adminPage, roleAtLeast } from './layout.js';
import { moneyText } from './money-text.js';
import { PRICING_NOTICES, step } from './pricing-form-parts.js';
import { pricingHistoryPages } from './pricing-history.js';
import { pricingPromotionPages } from './pricing-promotions.js';
import { pricingRulePages, RULE_KINDS } from './pricing-rules.js';

type Ctx = Context<AppEnv>;
type Overview = Awaited<ReturnType<typeof getPricingOverview>>;

function ModeSection({ c, settings }: { c: Ctx; settings: Overview['settings'] }) {
  return (
    <section class="card" aria-labelledby="mode-h">
      <div class="card-head">
        <h2 id="mode-h">Mode</h2>
      </div>
      <p>
        Hourly recalculation <strong>{settings.mode === 'apply' ? 'applies' : 'only proposes'}</strong> new
        prices. Margin floor {settings.marginFloorBp / 100}% over cost; at most {settings.maxStepBp / 100}%
        change per run; sales window {settings.velocityWindowDays} days.
      </p>
      <form method="post" action="/admin/pricing/mode">
        {csrfInput(c)}
        <input type="hidden" name="mode" value={settings.mode === 'apply' ? 'propose' : 'apply'} />
        <button type="submit">
          {settings.mode === 'apply' ? 'Switch to propose only' : 'Switch to apply automatically'}
        </button>
      </form>
    </section>
  );
}

function ProposalRow({ p, currency }: { p: Proposal; currency: string }) {
  return (
    <tr>
      <td>
        <input
          type="checkbox"
          name="variantId"
          value={p.variantId}
          form="apply-form"
          aria-label={`Select ${p.sku}`}
        />
      </td>
      <td>
        <a href={`/admin/pricing/variants/${p.variantId}`} title="Price history">
          {p.sku}
        </a>
      </td>
      <td>{moneyText(p.oldPrice, currency)}</td>
      <td>{moneyText(p.newPrice, currency)}</td>
      <td>{step(p.setBy)}</td>
      <td class="why">
        <ul>
          {p.reasons.map((r) => (
            <li>
              {step(r.rule)}: {reasonEffect(r, (m) => moneyText(m, currency))} (
              {moneyText(r.before, currency)} → {moneyText(r.after, currency)})
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

function PreviewSection({ c, preview, currency }: { c: Ctx; preview: Proposal[]; currency: string }) {
  return (
    <section class="card" aria-labelledby="preview-h">
      <div class="card-head">
        <h2 id="preview-h">Proposed changes ({preview.length})</h2>
      </div>
      {preview.length === 0 ? (
        <p>Every price matches the rules.</p>
      ) : (
        <>
          <form method="post" action="/admin/pricing/apply" id="apply-form" class="row">
            {csrfInput(c)}
            <button type="submit" class="btn" name="scope" value="selected">
              Apply selected
            </button>
            <button type="submit" class="btn btn-secondary" name="scope" value="all">
              Apply all open proposals
            </button>
          </form>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Scrollable table">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      data-select-all="variantId"
                      form="apply-form"
                      aria-label="Select all"
                    />
                  </th>
                  <th scope="col">SKU</th>
                  <th scope="col">Now</th>
                  <th scope="col">New</th>
                  <th scope="col">Set by</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {preview.slice(0, 200).map((p) => (
                  <ProposalRow p={p} currency={currency} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

const dates = (a: string | null, b: string | null) =>
  a || b ? `${a?.slice(0, 10) ?? 'now'} → ${b?.slice(0, 10) ?? 'no end'}` : 'always';

function paramsText(params: Record<string, unknown>): string {
  const pct = (k: string) => `${Number(params[k]) / 100}%`;
  if ('markupBp' in params) return `markup ${pct('markupBp')} over cost`;
  if ('multiplierBp' in params) return `× ${pct('multiplierBp')}`;
  return `raise ${pct('stepBp')} below ${params.lowCoverDays} days of cover, lower above ${params.highCoverDays}; ${pct('minBp')}–${pct('maxBp')} of target`;
}

/**
 * One list section of the page (rules, promotions): heading with its count
 * and "Add" button, the empty state, else the table in a focusable scroll
 * region; the name links to the edit page for admins.
 */
function ListSection<T extends { id: string; name: string }>(props: {
  id: string;
  title: string;
  add: { href: string; label: string };
  empty: { title: string; body: string };
  editBase: string;
  rows: readonly T[];
  columns: readonly [string, (row: T) => string | number][];
  canEdit: boolean;
}) {
  const { rows, canEdit, add } = props;
  return (
    <section class="card" aria-labelledby={props.id}>
      <div class="card-head">
        <h2 id={props.id}>
          {props.title} ({rows.length})
        </h2>
        {canEdit ? (
          <Button href={add.href} variant="secondary" size="sm">
            {add.label}
          </Button>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <EmptyState title={props.empty.title} body={props.empty.body} action={canEdit ? add : undefined} />
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="Scrollable table">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                {props.columns.map(([label]) => (
                  <th scope="col">{label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{canEdit ? <a href={`${props.editBase}/${r.id}`}>{r.name}</a> : r.name}</td>
                  {props.columns.map(([, render]) => (
                    <td>{render(r)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function RulesSection({ rules, canEdit }: { rules: Overview['rules']; canEdit: boolean }) {
  return (
    <ListSection
      id="rules-h"
      title="Rules"
      add={{ href: '/admin/pricing/rules/new', label: 'Add rule' }}
      empty={{
        title: 'No pricing rules yet',
        body: 'A cost-plus rule prices from cost, a seasonal one multiplies between two dates, a demand rule follows stock cover.',
      }}
      editBase="/admin/pricing/rules"
      rows={rules}
      canEdit={canEdit}
      columns={[
        ['Kind', (r) => RULE_KINDS.find((k) => k.value === r.kind)?.label.split(':')[0] ?? r.kind],
        ['Parameters', (r) => paramsText(r.params)],
        ['Dates', (r) => dates(r.startsAt, r.endsAt)],
        ['Active', (r) => yesNo(r.active)],
      ]}
    />
  );
}

function PromotionsSection(props: { promos: Overview['promos']; currency: string; canEdit: boolean }) {
  const { currency } = props;
  return (
    <ListSection
      id="promos-h"
      title="Promotions set by hand"
      add={{ href: '/admin/pricing/promotions/new', label: 'Add promotion' }}
      empty={{
        title: 'No promotions yet',
        body: 'Take a percentage or an amount off every product, a category or one product between two dates. Promotions proposed from stock and sales are under Promotions in the menu.',
      }}
      editBase="/admin/pricing/promotions"
      rows={props.promos}
      canEdit={props.canEdit}
      columns={[
        ['Discount', (p) => (p.kind === 'percentage' ? `${p.value / 100}%` : moneyText(p.value, currency))],
        ['Target', (p) => p.target],
        ['Priority', (p) => p.priority],
        ['Stackable', (p) => yesNo(p.stackable)],
        ['Dates', (p) => dates(p.startsAt, p.endsAt)],
        ['Active', (p) => yesNo(p.active)],
      ]}
    />
  );
}

async function pricingPage(c: Ctx) {
  const t = storeOf(c);
  const deps = c.get('deps');
  const { settings, rules, promos, preview } = await getPricingOverview(deps.db, t.id, deps.now());
  const canEdit = roleAtLeast(c, 'admin');
  return adminPage(
    c,
    { title: 'Pricing', current: 'pricing', notice: noticeFrom(c, PRICING_NOTICES) },
    <>
      <ModeSection c={c} settings={settings} />
      <PreviewSection c={c} preview={preview} currency={t.currency} />
      <RulesSection rules={rules} canEdit={canEdit} />
      <PromotionsSection promos={promos} currency={t.currency} canEdit={canEdit} />
    </>,
  );
}

export const pricingAdminPages = new Hono<AppEnv>();
// The rule, promotion and history pages live in their own files (split by page).
pricingAdminPages.route('/', pricingRulePages);
pricingAdminPages.route('/', pricingPromotionPages);
pricingAdminPages.route('/', pricingHistoryPages);
pricingAdminPages.get('/admin/pricing', ...adminGuard('staff'), pricingPage);
pricingAdminPages.post('/admin/pricing/apply', ...adminGuard('admin'), async (c) => {
  const body = await c.req.parseBody({ all: true });
  const raw = body.variantId;
  const picked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (v): v is string => typeof v === 'string' && isUuid(v),
  );
  // "Apply selected" with nothing ticked applies nothing (never everything by accident).
  const ids = body.scope === 'all' ? undefined : picked;
  const n = await applyOpenProposals(c.get('deps').db, storeOf(c).id, ids, actorOf(c));
  const code = n > 0 ? 'prices_applied' : 'nothing_applied';
  return c.redirect(`/admin/pricing${noticeQuery(PRICING_NOTICES, code)}`, 303);
});
pricingAdminPages.post('/admin/pricing/mode', ...adminGuard('admin'), async (c) => {
  const body = await c.req.parseBody();
  const mode = body.mode === 'apply' ? 'apply' : 'propose';
  await updatePricingSettings(c.get('deps').db, storeOf(c).id, { mode }, actorOf(c));
  return c.redirect(`/admin/pricing${noticeQuery(PRICING_NOTICES, 'mode_saved')}`, 303);
});
