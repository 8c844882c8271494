/** The console tenant page's usage section: each limited entitlement against the plan's limit. */
import type { TenantDetail } from '../../modules/console/service.js';

function Meter(props: { label: string; used: number; limit: number | null; unit: string }) {
  const pct =
    props.limit === null ? 0 : Math.min(100, Math.round((props.used / Math.max(props.limit, 1)) * 100));
  const full = props.limit !== null && props.used >= props.limit;
  return (
    <div class="card stat">
      <span class="muted">{props.label}</span>
      <span class="n">
        {props.used}
        <span class="muted" style="font-size:1rem;font-weight:400">
          {' '}
          / {props.limit === null ? 'unlimited' : props.limit} {props.unit}
        </span>
      </span>
      {props.limit !== null ? (
        <span class={full ? 'meter full' : 'meter'} aria-hidden="true">
          <span style={`width:${pct}%`} />
        </span>
      ) : null}
      {full ? <span class="muted">At the plan's limit</span> : null}
    </div>
  );
}

function Feature(props: { label: string; included: boolean; used: string }) {
  return (
    <div class="card stat">
      <span class="muted">{props.label}</span>
      <span class="n" style="font-size:1.1rem">
        {props.included ? 'Included' : 'Not in plan'}
      </span>
      <span class="muted">{props.used}</span>
    </div>
  );
}

export function Usage({ t }: { t: TenantDetail }) {
  const e = t.entitlements;
  return (
    <section aria-labelledby="usage-h">
      <h2 id="usage-h">Usage against the {e.planName} plan</h2>
      <div class="stats">
        <Meter label="Products" used={t.usage.products} limit={e.productLimit} unit="products" />
        <Meter label="Staff seats" used={t.usage.staffSeats} limit={e.staffSeats} unit="seats" />
        <Feature
          label="Custom domain"
          included={e.customDomain}
          used={`${t.usage.customDomains} domain${t.usage.customDomains === 1 ? '' : 's'} set`}
        />
        <Feature
          label="Dynamic pricing"
          included={e.dynamicPricing}
          used={`${t.usage.demandRules} demand rule${t.usage.demandRules === 1 ? '' : 's'}`}
        />
        <div class="card stat">
          <span class="muted">Transaction fee</span>
          <span class="n">{(e.transactionFeeBp / 100).toFixed(2)}%</span>
        </div>
      </div>
    </section>
  );
}
