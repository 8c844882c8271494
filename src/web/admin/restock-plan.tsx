/**
 * The restock plan on /admin/restock: each line with its expected sales,
 * spare (safety) stock and reorder level, and why in a merchant's words
 * (./restock-words.ts; the planner's method and arithmetic behind a
 * "Technical details" disclosure), and — when nothing
 * would be drafted — why (no supplier linked, not enough sales history, no
 * demand, already on order).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import type { PlanItem } from '../../modules/restock/schemas.js';
import { Badge, Button, Card, type Column, DataTable, EmptyState } from '../components/ui.js';
import {
  demandPattern,
  demandShort,
  forecastBasis,
  methodTechnical,
  planSentence,
  rateText,
} from './restock-words.js';

type Ctx = Context<AppEnv>;

export interface PlanSummary {
  toOrder: PlanItem[];
  draftable: number;
  withoutSupplier: PlanItem[];
  shortHistory: number;
  noDemand: number;
}

export function summarisePlan(plan: readonly PlanItem[]): PlanSummary {
  const toOrder = plan.filter((p) => p.orderQuantity > 0);
  const withoutSupplier = toOrder.filter((p) => !p.supplierId);
  return {
    toOrder,
    draftable: toOrder.length - withoutSupplier.length,
    withoutSupplier,
    shortHistory: plan.filter((p) => p.status === 'short_history').length,
    noDemand: plan.filter((p) => p.status === 'no_demand').length,
  };
}

/** "1 item needs" / "87 items need". */
function items(n: number, one: string, many: string): string {
  return n === 1 ? `1 item ${one}` : `${n} items ${many}`;
}

/** Why "Draft purchase orders" would create nothing, in the merchant's words (empty when it would). */
export function whyNothingDrafted(s: PlanSummary): string[] {
  if (s.draftable > 0) return [];
  const out: string[] = [];
  if (s.withoutSupplier.length > 0)
    out.push(
      `${items(s.withoutSupplier.length, 'needs', 'need')} ordering but ${s.withoutSupplier.length === 1 ? 'has' : 'have'} no supplier linked — link one on a supplier's page below.`,
    );
  if (s.shortHistory > 0)
    out.push(
      `${items(s.shortHistory, 'has', 'have')} too little sales history to forecast, so the planner does not guess an order (import past sales, or order ${s.shortHistory === 1 ? 'it' : 'them'} by hand).`,
    );
  if (s.noDemand > 0)
    out.push(
      `${items(s.noDemand, 'sold', 'sold')} nothing in the sales history looked at: nothing to order.`,
    );
  if (out.length === 0)
    out.push('Every item is above its reorder point (stock available plus already on order).');
  return out;
}

const COLUMNS: Column<PlanItem>[] = [
  {
    key: 'sku',
    label: 'SKU',
    long: true,
    render: (p) => (
      <span id={`v-${p.variantId}`}>
        {p.sku}
        {p.supplierId ? null : (
          <>
            {' '}
            <Badge tone="warn">No supplier</Badge>
          </>
        )}
      </span>
    ),
  },
  { key: 'available', label: 'In stock', num: true, render: (p) => p.available },
  { key: 'onOrder', label: 'On order', num: true, render: (p) => p.onOrder },
  { key: 'forecast', label: 'Expected sales', num: true, render: (p) => rateText(p.meanDaily) },
  // The spare stock is also in the row's "Why" sentence: it steps aside on a tablet.
  { key: 'safety', label: 'Spare stock', num: true, minor: true, render: (p) => p.safetyStock },
  { key: 'rop', label: 'Reorder at', num: true, render: (p) => p.reorderPoint },
  { key: 'qty', label: 'Order', num: true, render: (p) => <strong>{p.orderQuantity}</strong> },
  {
    key: 'why',
    label: 'Why',
    render: (p) => (
      <details class="why">
        <summary>{demandShort(p)}</summary>
        <p>
          {demandPattern(p)}. {forecastBasis(p)}
        </p>
        <p>{planSentence(p)}</p>
        <TechnicalDetails method={p.method} notes={[p.reason, p.explanation]} />
      </details>
    ),
  },
];

/** The planner's own terms, closed by default: the method's name, its reason and the arithmetic. */
export function TechnicalDetails(props: { method: string; notes: readonly string[] }) {
  return (
    <details class="tech">
      <summary>Technical details</summary>
      <p>
        Method: {methodTechnical(props.method)}.{' '}
        {props.notes
          .filter(Boolean)
          .map((n) => `${n}.`)
          .join(' ')}
      </p>
    </details>
  );
}

export function PlanCard({ c, plan, canEdit }: { c: Ctx; plan: readonly PlanItem[]; canEdit: boolean }) {
  const s = summarisePlan(plan);
  const why = whyNothingDrafted(s);
  return (
    <Card
      title={`To order (${s.toOrder.length})`}
      id="plan"
      actions={
        canEdit ? (
          <form method="post" action="/admin/restock/draft" class="inline-form">
            {csrfInput(c)}
            <Button>Draft purchase orders</Button>
          </form>
        ) : null
      }
    >
      {why.length > 0 ? (
        <div class="notice">
          <strong>Nothing would be drafted now:</strong>
          <ul>
            {why.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <DataTable
        caption="Items to order"
        columns={COLUMNS}
        rows={s.toOrder.slice(0, 500)}
        empty={
          <EmptyState
            title="Nothing to order"
            body="Each line shows its forecast, safety stock and reorder point once stock falls to it."
          />
        }
      />
    </Card>
  );
}
