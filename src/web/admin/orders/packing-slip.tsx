/**
 * Admin › Orders › packing slip: a plain printable page (no admin chrome, no
 * prices) with the store, the order number, the ship-to address and the
 * items still to ship (all items once everything shipped).
 */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../../lib/http/context.js';
import { storeOf } from '../../../lib/http/middleware.js';
import { getOrderDetail } from '../../../modules/orders/service.js';
import { orderIdOf } from './detail.js';
import { leftToShip } from './detail-forms.js';

const CSS =
  'body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;margin:0;padding:1.5rem;max-width:48rem}' +
  'header{display:flex;flex-wrap:wrap;justify-content:space-between;gap:1rem;border-bottom:2px solid #111;padding-bottom:.75rem}' +
  'h1{font-size:1.4rem;margin:0}table{width:100%;border-collapse:collapse;margin-top:1rem}' +
  'th,td{text-align:left;padding:.45rem .3rem;border-bottom:1px solid #ccc;vertical-align:top}td.q,th.q{text-align:right;width:4rem}' +
  '.tick{width:1rem;height:1rem;border:1px solid #111;display:inline-block}.muted{color:#555}' +
  '.screen-only{margin-bottom:1rem}@media print{.screen-only{display:none}body{padding:0}}';

type Detail = Awaited<ReturnType<typeof getOrderDetail>>;
type SlipRow = { l: Detail['lines'][number]; q: number };

function SlipHeader(props: { storeName: string; o: Detail }) {
  const { o } = props;
  return (
    <header>
      <div>
        <h1>{props.storeName}</h1>
        <span class="muted">Packing slip</span>
      </div>
      <div>
        <strong>Order #{o.number}</strong>
        <br />
        Placed {o.placedAt.slice(0, 10)}
        {o.shippingMethod ? (
          <>
            <br />
            {o.shippingMethod}
          </>
        ) : null}
      </div>
    </header>
  );
}

function ShipTo(props: { address: Record<string, string | undefined> }) {
  const a = props.address;
  return (
    <>
      <h2>Ship to</h2>
      <address style="font-style:normal">
        {a.name}
        <br />
        {a.line1}
        {a.line2 ? (
          <>
            <br />
            {a.line2}
          </>
        ) : null}
        <br />
        {a.postalCode} {a.city}
        <br />
        {a.country}
      </address>
    </>
  );
}

function SlipItems(props: { rows: SlipRow[] }) {
  return (
    <table>
      <caption class="muted" style="text-align:left">
        Items
      </caption>
      <thead>
        <tr>
          <th scope="col">Packed</th>
          <th scope="col">Item</th>
          <th scope="col">SKU</th>
          <th scope="col" class="q">
            Qty
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map(({ l, q }) => (
          <tr>
            <td>
              <span class="tick" aria-hidden="true" />
            </td>
            <td>{l.title}</td>
            <td>{l.sku}</td>
            <td class="q">{q}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export async function packingSlipPage(c: Context<AppEnv>): Promise<Response> {
  const id = orderIdOf(c);
  const o = await getOrderDetail(c.get('deps').db, storeOf(c).id, id);
  const open = o.lines.filter((l) => leftToShip(l) > 0);
  const rows: SlipRow[] =
    open.length > 0
      ? open.map((l) => ({ l, q: leftToShip(l) }))
      : o.lines.map((l) => ({ l, q: l.quantity - l.refundedQuantity }));
  return c.html(
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`Packing slip · order #${o.number}`}</title>
          <style dangerouslySetInnerHTML={{ __html: CSS }} />
        </head>
        <body>
          <p class="screen-only">
            <a href={`/admin/orders/${o.id}`}>← Back to order #{o.number}</a> · Print this page with your
            browser (Ctrl+P / ⌘P).
          </p>
          <main>
            <SlipHeader storeName={storeOf(c).name} o={o} />
            <ShipTo address={o.shippingAddress as Record<string, string | undefined>} />
            <SlipItems rows={rows} />
          </main>
        </body>
      </html>
    </>,
  );
}
