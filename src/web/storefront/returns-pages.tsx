/**
 * Returns and help on the shopper's order:
 *   <OrderCare c order />        the order page's "ask for help" and "return items" block
 *                                (one line in order-confirmation.tsx) with the order's returns
 *   GET/POST /orders/:id/returns the return form (signed-in owner): quantity per line (up to what
 *                                is left to return), reason from the list, comment
 */
import type { Context } from 'hono';
import { isUuid } from '../../lib/db/index.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { getOrderDetail } from '../../modules/orders/service.js';
import { RETURN_REASONS } from '../../modules/returns/repository.js';
import type { ReturnView } from '../../modules/returns/schemas.js';
import { listOrderReturns, requestReturn } from '../../modules/returns/service.js';
import { formFailure, readForm } from '../components/care-forms.js';
import { notFoundPage } from './catalog-pages.js';
import { money, Notice } from './components.js';
import { type OrderDetail, shopperOf } from './data.js';
import { pageContext, ShopPage } from './page.js';

type C = Context<AppEnv>;
const RETURNABLE = ['paid', 'fulfilled', 'completed', 'partially_refunded'];
const REASON_TEXT: Record<(typeof RETURN_REASONS)[number], string> = {
  damaged: 'Arrived damaged',
  wrong_item: 'Wrong item sent',
  not_as_described: 'Not as described',
  too_small: 'Too small',
  too_large: 'Too large',
  changed_mind: 'Changed my mind',
  other: 'Other',
};
const RETURN_STATUS: Record<string, string> = {
  requested: 'Requested — waiting for the store',
  approved: 'Approved — please send the items back',
  rejected: 'Declined',
  received: 'Received — refund on its way',
  refunded: 'Refunded',
};

function ReturnsList(props: { returns: ReturnView[]; order: OrderDetail }) {
  if (props.returns.length === 0) return null;
  const title = (id: string) => props.order.lines.find((l) => l.id === id)?.title ?? 'Item';
  return (
    <ul id="order-returns">
      {props.returns.map((r) => (
        <li>
          Return R{r.number}: {r.lines.map((l) => `${l.quantity} × ${title(l.orderLineId)}`).join(', ')} —{' '}
          <strong>{RETURN_STATUS[r.status]}</strong>
          {r.refunded ? ` (${money(r.refunded, props.order.currency)} refunded)` : ''}
          {r.merchantMessage ? <> · “{r.merchantMessage}”</> : null}
        </li>
      ))}
    </ul>
  );
}

/** "Need help?" and "Return items" under an order (returns only for the signed-in owner of a paid order). */
export async function OrderCare(props: { c: C; order: OrderDetail }) {
  const { c, order } = props;
  const shopper = shopperOf(c);
  const owner = !!shopper && shopper.customerId === order.customerId;
  const returns = owner ? await listOrderReturns(c.get('deps').db, storeOf(c).id, order.id) : [];
  return (
    <section aria-labelledby="order-care-heading">
      <h2 id="order-care-heading">Help with this order</h2>
      <ReturnsList returns={returns} order={order} />
      <p>
        <a class="btn btn-secondary" href={`/contact?order=${order.number}`}>
          Ask for help
        </a>{' '}
        {owner && RETURNABLE.includes(order.status) ? (
          <a class="btn btn-secondary" href={`/orders/${order.id}/returns`}>
            Return items
          </a>
        ) : null}
      </p>
    </section>
  );
}

function left(order: OrderDetail, returns: ReturnView[], lineId: string): number {
  const asked = returns
    .filter((r) => r.status !== 'rejected')
    .flatMap((r) => r.lines)
    .filter((l) => l.orderLineId === lineId)
    .reduce((s, l) => s + l.quantity, 0);
  return (order.lines.find((l) => l.id === lineId)?.quantity ?? 0) - asked;
}

async function returnsView(
  c: C,
  state: { values: Record<string, string>; errors: Record<string, string>; message?: string },
  status: 200 | 400 | 403 | 404 | 409 | 429 = 200,
) {
  const ctx = await pageContext(c);
  const id = c.req.param('id') ?? '';
  if (!ctx.shopper)
    return c.redirect(`/account/login?next=${encodeURIComponent(`/orders/${id}/returns`)}`, 303);
  if (!isUuid(id)) return notFoundPage(c, ctx);
  let order: OrderDetail;
  try {
    order = await getOrderDetail(ctx.deps.db, storeOf(c).id, id, { customerId: ctx.shopper.customerId });
  } catch {
    return notFoundPage(c, ctx);
  }
  const returns = await listOrderReturns(ctx.deps.db, storeOf(c).id, order.id);
  const v = state.values;
  const lines = order.lines.map((l, i) => ({ l, i, max: left(order, returns, l.id) }));
  const any = lines.some((x) => x.max > 0) && RETURNABLE.includes(order.status);
  return c.html(
    <ShopPage
      ctx={ctx}
      title={`Return items from order ${order.number}`}
      path={`/orders/${order.id}/returns`}
      noindex
    >
      <h1>Return items from order #{order.number}</h1>
      <ReturnsList returns={returns} order={order} />
      {state.message ? <Notice kind="error">{state.message}</Notice> : null}
      {!any ? (
        <p>There is nothing left to return from this order.</p>
      ) : (
        <form method="post" action={`/orders/${order.id}/returns`}>
          {csrfInput(c)}
          {lines
            .filter((x) => x.max > 0)
            .map(({ l, i, max }) => (
              <fieldset class="group">
                <legend>
                  {l.title} ({money(l.unitPrice, order.currency)} each, bought {l.quantity})
                </legend>
                <input type="hidden" name={`line${i}`} value={l.id} />
                <div class="field">
                  <label for={`qty${i}`}>How many to return</label>
                  <select id={`qty${i}`} name={`qty${i}`}>
                    {Array.from({ length: Math.min(max, 50) + 1 }, (_, n) => (
                      <option value={String(n)} selected={v[`qty${i}`] === String(n)}>
                        {n}
                      </option>
                    ))}
                  </select>
                  {state.errors[`qty${i}`] ? <span class="error-text">{state.errors[`qty${i}`]}</span> : null}
                </div>
                <div class="field">
                  <label for={`reason${i}`}>Reason</label>
                  <select id={`reason${i}`} name={`reason${i}`}>
                    {RETURN_REASONS.map((r) => (
                      <option value={r} selected={v[`reason${i}`] === r}>
                        {REASON_TEXT[r]}
                      </option>
                    ))}
                  </select>
                </div>
              </fieldset>
            ))}
          <div class="field">
            <label for="comment">Comment (optional)</label>
            <textarea
              id="comment"
              name="comment"
              maxlength={2000}
              style="width:100%;box-sizing:border-box;min-height:5rem"
            >
              {v.comment ?? ''}
            </textarea>
          </div>
          <button class="btn" type="submit">
            Request return
          </button>
        </form>
      )}
      <p>
        <a href={`/orders/${order.id}/confirmation`}>Back to the order</a>
      </p>
    </ShopPage>,
    status,
  );
}

export function returnsPage(c: C) {
  return returnsView(c, { values: {}, errors: {} });
}

export async function returnsAction(c: C) {
  const values = await readForm(c);
  const shopper = shopperOf(c);
  const id = c.req.param('id') ?? '';
  if (!shopper) return c.redirect(`/account/login?next=${encodeURIComponent(`/orders/${id}/returns`)}`, 303);
  const picked: { i: string; orderLineId: string; quantity: number; reason: string }[] = [];
  for (const [k, lineId] of Object.entries(values)) {
    const m = /^line(\d{1,3})$/.exec(k);
    const qty = m ? Number(values[`qty${m[1]}`] ?? 0) : 0;
    if (m && qty > 0)
      picked.push({ i: m[1]!, orderLineId: lineId, quantity: qty, reason: values[`reason${m[1]}`] ?? '' });
  }
  if (picked.length === 0)
    return returnsView(
      c,
      { values, errors: {}, message: 'Choose how many of at least one item to return.' },
      400,
    );
  try {
    await requestReturn(c.get('deps'), storeOf(c), {
      customerId: shopper.customerId,
      orderId: id,
      request: {
        lines: picked.map((p) => ({
          orderLineId: p.orderLineId,
          quantity: p.quantity,
          reason: p.reason as (typeof RETURN_REASONS)[number],
        })),
        comment: values.comment?.trim() || undefined,
      },
    });
  } catch (err) {
    const f = formFailure(c, err);
    if (f.status === 404) return notFoundPage(c, await pageContext(c));
    const errors: Record<string, string> = {};
    for (const [k, msg] of Object.entries(f.errors)) {
      const line = /^lines$/.test(k) ? undefined : k;
      if (line) errors[line] = msg;
    }
    const issue = f.message;
    return returnsView(c, { values, errors, message: issue }, f.status);
  }
  return c.redirect(`/orders/${id}/confirmation#order-care-heading`, 303);
}
