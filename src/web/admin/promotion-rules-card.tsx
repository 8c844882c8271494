/**
 * The overview's "Running promotions" card (#19): each live promotion with
 * its results so far against the forecast without it. Renders nothing for a
 * store without promotions, so stores that do not use rules see no change.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { listOffers } from '../../modules/promotion-rules/offers.js';
import { Card } from '../components/ui.js';
import { moneyText } from './money-text.js';

export async function RunningPromotionsCard(props: { c: Context<AppEnv> }) {
  const store = storeOf(props.c);
  const live = (await listOffers(props.c.get('deps').db, store.id, 'active')).slice(0, 8);
  if (live.length === 0) return null;
  return (
    <Card title="Running promotions" actions={<a href="/admin/promotion-rules">All promotions</a>}>
      <ul class="checklist">
        {live.map((o) => (
          <li>
            <a href={`/admin/products/${o.productId}`}>{o.productTitle}</a>
            <span class="muted">
              −{o.discountBp / 100}% until {o.endsAt.slice(0, 10)}
            </span>
            <span style="margin-left:auto">
              {o.units} sold ({o.baselineUnits} forecast without) · {moneyText(o.revenue, store.currency)} ·
              margin {moneyText(o.margin, store.currency)}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
