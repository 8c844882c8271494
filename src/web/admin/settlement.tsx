/**
 * Admin page: settlement by payout (gross, Stripe fees, platform fees,
 * refunds, net) with totals and a CSV download (same figures as
 * GET /api/admin/settlement and /export).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, storeOf } from '../../lib/http/middleware.js';
import { formatMoney } from '../../lib/money.js';
import { getSettlement, settlementCsv } from '../../modules/settlement/service.js';
import { billingCheckoutSubmit, billingPage, billingPortalSubmit, guardPage, MoneyNav } from './billing.js';
import { adminPage } from './layout.js';
import { paymentsConnectSubmit, paymentsPage } from './payments.js';

type Ctx = Context<AppEnv>;

export async function settlementPage(c: Ctx) {
  const denied = await guardPage(c, 'admin');
  if (denied) return denied;
  const t = storeOf(c);
  const r = await getSettlement(c.get('deps'), t.id, t.currency);
  const m = (n: number, cur = t.currency) => formatMoney(n, cur);
  return adminPage(
    c,
    { title: 'Settlement', current: 'billing' },
    <>
      <MoneyNav current="settlement" />
      <p>
        <a href="/admin/settlement.csv" download>
          Download CSV
        </a>
      </p>
      {r.payouts.length === 0 ? (
        <p>No payouts yet. Payouts appear here when Stripe pays your balance to your bank.</p>
      ) : (
        <table class="money-table">
          <caption class="muted">Amounts per payout</caption>
          <thead>
            <tr>
              <th scope="col">Payout</th>
              <th scope="col">Arrival</th>
              <th scope="col" class="num">
                Gross
              </th>
              <th scope="col" class="num">
                Stripe fees
              </th>
              <th scope="col" class="num">
                Platform fees
              </th>
              <th scope="col" class="num">
                Refunds
              </th>
              <th scope="col" class="num">
                Net
              </th>
            </tr>
          </thead>
          <tbody>
            {r.payouts.map((p) => (
              <tr>
                <th scope="row">{p.id}</th>
                <td>{p.arrivalDate.slice(0, 10)}</td>
                <td class="num">{m(p.gross, p.currency)}</td>
                <td class="num">{m(p.stripeFees, p.currency)}</td>
                <td class="num">{m(p.platformFees, p.currency)}</td>
                <td class="num">{m(p.refunds, p.currency)}</td>
                <td class="num">{m(p.net, p.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan={2}>
                Total
              </th>
              <td class="num">{m(r.totals.gross)}</td>
              <td class="num">{m(r.totals.stripeFees)}</td>
              <td class="num">{m(r.totals.platformFees)}</td>
              <td class="num">{m(r.totals.refunds)}</td>
              <td class="num">{m(r.totals.net)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </>,
  );
}

export async function settlementCsvDownload(c: Ctx) {
  const denied = await guardPage(c, 'admin');
  if (denied) return denied;
  const t = storeOf(c);
  const csv = settlementCsv(await getSettlement(c.get('deps'), t.id, t.currency));
  return c.body(csv, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="settlement-${t.handle}.csv"`,
  });
}

/** The money pages of the store admin (billing, payments, settlement), mounted by src/web/routes.ts. */
export const adminMoneyPages = new Hono<AppEnv>()
  .use('/admin/*', onlyOn('store'))
  .get('/admin/billing', billingPage)
  .post('/admin/billing/checkout', billingCheckoutSubmit)
  .post('/admin/billing/portal', billingPortalSubmit)
  .get('/admin/payments', paymentsPage)
  .post('/admin/payments/connect', paymentsConnectSubmit)
  .get('/admin/settlement', settlementPage)
  .get('/admin/settlement.csv', settlementCsvDownload);
