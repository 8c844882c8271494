/**
 * Admin page for returns (staff+; refunds admin+): GET /admin/returns?status=
 * with each return's lines, refundable amount and the next step's form —
 * approve / reject (message), receive (restock?), refund (amount, default all).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { formatMoney } from '../../lib/money.js';
import {
  decideReturn,
  listReturnsForAdmin,
  receiveReturn,
  refundReturn,
} from '../../modules/returns/processing.js';
import type { ReturnView } from '../../modules/returns/schemas.js';
import { formFailure, readForm } from '../components/care-forms.js';
import { CareNav, noticeOf, shortTime, userIdOf } from './care-common.js';
import { adminGuard, adminPage } from './layout.js';

type C = Context<AppEnv>;
const STATUSES = ['requested', 'approved', 'received', 'refunded', 'rejected'] as const;

function NextStep(props: { c: C; r: ReturnView; currency: string }) {
  const { c, r } = props;
  const act = (a: string) => `/admin/returns/${r.id}/${a}`;
  if (r.status === 'requested') {
    return (
      <form method="post" action={act('approve')} class="row-actions">
        {csrfInput(c)}
        <label for={`msg-${r.id}`}>Message to the shopper (optional)</label>{' '}
        <input id={`msg-${r.id}`} name="message" maxlength={2000} />{' '}
        <button class="btn" type="submit">
          Approve
        </button>{' '}
        <button class="btn btn-secondary" type="submit" formaction={act('reject')}>
          Reject
        </button>
      </form>
    );
  }
  if (r.status === 'approved') {
    return (
      <form method="post" action={act('receive')} class="row-actions">
        {csrfInput(c)}
        <label>
          <input type="checkbox" name="restock" value="1" checked /> Put the items back in stock
        </label>{' '}
        <button class="btn" type="submit">
          Mark received
        </button>
      </form>
    );
  }
  if (r.status === 'received') {
    return (
      <form method="post" action={act('refund')} class="row-actions">
        {csrfInput(c)}
        <label for={`amt-${r.id}`}>Refund (minor units, at most {r.refundable})</label>{' '}
        <input
          id={`amt-${r.id}`}
          name="amount"
          type="number"
          min={1}
          max={r.refundable}
          value={String(r.refundable)}
        />{' '}
        <button class="btn" type="submit">
          Refund {formatMoney(r.refundable, props.currency)}
        </button>
      </form>
    );
  }
  return null;
}

async function returnsPage(c: C, error?: string) {
  const status = STATUSES.find((s) => s === c.req.query('status'));
  const t = storeOf(c);
  const page = await listReturnsForAdmin(c.get('deps'), t.id, {
    status,
    cursor: c.req.query('cursor') || undefined,
  });
  return adminPage(
    c,
    { title: 'Returns', current: 'care', notice: noticeOf(c), error, status: error ? 400 : 200 },
    <>
      <CareNav current="/admin/returns" />
      <nav class="care-nav" aria-label="Return status">
        <a href="/admin/returns" aria-current={status ? undefined : 'page'}>
          all
        </a>
        {STATUSES.map((s) => (
          <a href={`/admin/returns?status=${s}`} aria-current={s === status ? 'page' : undefined}>
            {s}
          </a>
        ))}
      </nav>
      {page.items.length === 0 ? (
        <p>No returns{status ? ` ${status}` : ''}. Shoppers ask for returns from their order page.</p>
      ) : null}
      {page.items.map((r) => (
        <article class="card review-card" id={`return-${r.number}`}>
          <p>
            <strong>Return R{r.number}</strong> · <a href={`/admin/orders/${r.orderId}`}>order</a> ·{' '}
            {shortTime(r.createdAt)} · status <strong class="return-status">{r.status}</strong> · refundable{' '}
            {formatMoney(r.refundable, t.currency)}
            {r.refunded ? ` · refunded ${formatMoney(r.refunded, t.currency)}` : ''}
            {r.restocked ? ' · restocked' : ''}
          </p>
          <ul>
            {r.lines.map((l) => (
              <li>
                {l.quantity} × {l.title || 'item'}, reason: {l.reason.replace(/_/g, ' ')} (
                {formatMoney(l.amount, t.currency)})
              </li>
            ))}
          </ul>
          {r.comment ? <p style="white-space:pre-wrap">Shopper: “{r.comment}”</p> : null}
          {r.merchantMessage ? <p>Your message: “{r.merchantMessage}”</p> : null}
          <NextStep c={c} r={r} currency={t.currency} />
        </article>
      ))}
      {page.nextCursor ? (
        <p>
          <a href={`/admin/returns?${status ? `status=${status}&` : ''}cursor=${page.nextCursor}`}>Older →</a>
        </p>
      ) : null}
    </>,
  );
}

function step(action: 'approve' | 'reject' | 'receive' | 'refund') {
  return async (c: C) => {
    const v = await readForm(c);
    const deps = c.get('deps');
    const tenantId = storeOf(c).id;
    const id = c.req.param('id') ?? '';
    const actor = { type: 'user' as const, id: userIdOf(c) };
    try {
      if (action === 'approve' || action === 'reject') {
        await decideReturn(deps, tenantId, id, {
          decision: action,
          message: v.message?.trim() || undefined,
          actor,
        });
      } else if (action === 'receive') {
        await receiveReturn(deps, tenantId, id, { restock: v.restock === '1', actor });
      } else {
        const amount = v.amount?.trim() ? Number(v.amount) : undefined;
        await refundReturn(deps, tenantId, id, { amount, actor });
      }
    } catch (err) {
      const f = formFailure(c, err);
      if (f.status === 404) throw err;
      return returnsPage(c, f.errors.amount ?? f.message);
    }
    const notice = { approve: 'approved', reject: 'declined', receive: 'received', refund: 'refunded' }[
      action
    ];
    return c.redirect(`/admin/returns?notice=${notice}`, 303);
  };
}

export const careReturnsAdminPages = new Hono<AppEnv>();
careReturnsAdminPages.get('/admin/returns', ...adminGuard('staff'), (c) => returnsPage(c));
careReturnsAdminPages.post('/admin/returns/:id/approve', ...adminGuard('staff'), step('approve'));
careReturnsAdminPages.post('/admin/returns/:id/reject', ...adminGuard('staff'), step('reject'));
careReturnsAdminPages.post('/admin/returns/:id/receive', ...adminGuard('staff'), step('receive'));
careReturnsAdminPages.post('/admin/returns/:id/refund', ...adminGuard('admin'), step('refund'));
