/**
 * The soak's database side (bench/soak.ts): the stores it shops in, the
 * background it sets up (pricing rules, low-stock thresholds), and the books
 * after the load stops — it waits for the outbox and the mail to settle,
 * then counts what must be zero.
 */
import type pg from 'pg';
import type { QueueHub } from '../src/lib/queue.js';
import { QUEUES } from '../src/lib/queue-names.js';

export interface Store {
  id: string;
  handle: string;
  variantIds: string[];
  productHandles: string[];
}

export async function loadStores(client: pg.Client): Promise<Store[]> {
  const { rows } = await client.query<{
    id: string;
    handle: string;
    variants: string[];
    products: string[];
  }>(`
    select t.id, t.handle,
           array(select v.id::text from variants v where v.tenant_id = t.id and v.stock > 0 order by v.sku limit 20) as variants,
           array(select p.handle::text from products p where p.tenant_id = t.id and p.in_stock order by p.handle limit 20) as products
      from tenants t where t.handle like 'soak-%'`);
  return rows.map((r) => ({
    id: r.id,
    handle: r.handle,
    variantIds: r.variants,
    productHandles: r.products,
  }));
}

/**
 * Gives every soak store a pricing rule (cost + 20%, proposed only, so the
 * shoppers' prices hold still) and makes the first variant of its checkout
 * pool cross its low-stock threshold with its first sale.
 */
export async function prepareBackground(client: pg.Client): Promise<void> {
  await client.query(`insert into pricing_settings (tenant_id, mode)
    select id, 'propose' from tenants where handle like 'soak-%' on conflict (tenant_id) do nothing`);
  await client.query(`insert into price_rules (tenant_id, name, kind, params)
    select id, 'Soak cost plus', 'cost_plus', '{"markupBp": 2000}' from tenants where handle like 'soak-%'`);
  await client.query(`update variants v set low_stock_threshold = v.stock - 1
      from (select distinct on (v.tenant_id) v.tenant_id, v.id from variants v join tenants t on t.id = v.tenant_id
             where t.handle like 'soak-%' and v.stock > 0 order by v.tenant_id, v.sku) f
     where v.tenant_id = f.tenant_id and v.id = f.id`);
}

export interface SoakChecks {
  oversold: number;
  ledgerMismatch: number;
  unsentOutbox: number;
  /** Orders without exactly one sent order.placed, paid orders without exactly one sent order.paid. */
  eventsNotOnce: number;
  /** Orders with no mail, or a mail (address, subject) sent more than once. */
  mailNotOnce: number;
  failedJobs: number;
}

/** Waits (up to 120 s) for the outbox and the mail to settle, then checks the books. */
export async function settleAndCheck(
  owner: pg.Client,
  hub: QueueHub,
  log: (l: string) => void,
): Promise<SoakChecks> {
  const count = async (text: string) => Number((await owner.query<{ n: string }>(text)).rows[0]!.n);
  const unsentSql = 'select count(*) as n from outbox where sent_at is null and available_at <= now()';
  const mailGapSql = `select count(*) as n from orders o where o.email like 'soak-%'
      and not exists (select 1 from dev_mailbox m where m.to_address = o.email::text)`;
  const until = Date.now() + 120_000;
  while (Date.now() < until && ((await count(unsentSql)) > 0 || (await count(mailGapSql)) > 0))
    await new Promise((r) => setTimeout(r, 1_000));
  const sentOnce = (topic: string, orders: string) => `
      select count(*) as n from orders o where o.email like 'soak-%' and ${orders}
         and (select count(*) filter (where b.sent_at is not null) || '/' || count(*) from outbox b
               where b.tenant_id = o.tenant_id and b.topic = '${topic}' and b.payload->>'orderId' = o.id::text) <> '1/1'`;
  let failedJobs = 0;
  for (const q of new Set(Object.values(QUEUES))) failedJobs += await hub.queue(q).getFailedCount();
  const checks: SoakChecks = {
    oversold: await count(
      'select count(*) as n from variants where stock < 0 or reserved > stock or reserved < 0',
    ),
    ledgerMismatch: await count(`select count(*) as n from variants v
        where v.stock <> coalesce((select sum(a.delta) from inventory_adjustments a where a.tenant_id = v.tenant_id and a.variant_id = v.id), 0)`),
    unsentOutbox: await count(unsentSql),
    eventsNotOnce:
      (await count(sentOnce('order.placed', 'true'))) +
      (await count(sentOnce('order.paid', "o.status = 'paid'"))),
    mailNotOnce:
      (await count(mailGapSql)) +
      (await count(`select count(*) as n from (select 1 from dev_mailbox where to_address like 'soak-%'
          group by to_address, subject having count(*) > 1) d`)),
    failedJobs,
  };
  log(`checks: ${JSON.stringify(checks)}`);
  return checks;
}
