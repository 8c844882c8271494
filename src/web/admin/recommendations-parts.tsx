/** The cards of /admin/recommendations: product picker, what shoppers see, pins/exclusions, settings. */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { formatMoney } from '../../lib/money.js';
import type { MerchandisingView } from '../../modules/recommendations/admin-service.js';
import { Button, Card, Checkbox, EmptyState, Field, StatusBadge } from '../components/ui.js';

type C = Context<AppEnv>;
interface PartProps {
  c: C;
  view: MerchandisingView;
  q: string;
  canEdit: boolean;
}

const PATH = '/admin/recommendations';
const pickHref = (id: string, q: string) => `${PATH}?${new URLSearchParams({ product: id, q }).toString()}`;

/** One small POST form: pin / exclude / remove `target` for the chosen product. */
function OverrideButton(
  props: PartProps & { target: string; change: 'pin' | 'exclude' | 'remove'; label: string },
) {
  return (
    <form method="post" action={`${PATH}/overrides`}>
      {csrfInput(props.c)}
      <input type="hidden" name="product" value={props.view.product?.id ?? ''} />
      <input type="hidden" name="target" value={props.target} />
      <input type="hidden" name="change" value={props.change} />
      <input type="hidden" name="q" value={props.q} />
      <Button variant={props.change === 'exclude' ? 'danger' : 'secondary'} size="sm">
        {props.label}
      </Button>
    </form>
  );
}

/** Search the store's products; choose one to manage, or (with one chosen) pin/exclude from the results. */
export function PickerCard(props: PartProps) {
  const { view, q } = props;
  const chosen = view.product;
  return (
    <Card title={chosen ? 'Find products to pin or exclude' : 'Choose a product'} id="picker">
      <form method="get" action={PATH} class="row">
        {chosen ? <input type="hidden" name="product" value={chosen.id} /> : null}
        <Field name="q" label="Search products" type="search" value={q} maxlength={100} />
        <Button variant="secondary">Search</Button>
      </form>
      {view.picks.length === 0 ? (
        <EmptyState title={q ? `No product matches “${q}”` : 'No products yet'} />
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">Products</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {view.picks.map((p) => (
                <tr>
                  <td>
                    <a href={pickHref(p.id, q)} aria-current={p.id === chosen?.id ? 'true' : undefined}>
                      {p.title}
                    </a>
                  </td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td>
                    {chosen && props.canEdit && p.id !== chosen.id ? (
                      <div class="row">
                        <OverrideButton {...props} target={p.id} change="pin" label="Pin" />
                        <OverrideButton {...props} target={p.id} change="exclude" label="Exclude" />
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

/** What a shopper of the chosen product sees now, each with its reason (and exclude buttons). */
export function ServedCard(props: PartProps) {
  const { view } = props;
  const lists = [
    { title: 'Frequently bought together', items: view.served.together },
    { title: 'Similar products', items: view.served.similar },
  ];
  return (
    <Card title={`What shoppers of “${view.product!.title}” see`} id="served">
      {view.product!.status !== 'active' ? (
        <p class="muted">This product is not active, so its page shows no recommendations.</p>
      ) : (
        lists.map((list) => (
          <>
            <h3>{list.title}</h3>
            {list.items.length === 0 ? (
              <p class="muted">Nothing yet: the lists fill as orders come in.</p>
            ) : (
              <ul class="list">
                {list.items.map((p) => (
                  <li class="row">
                    <span>
                      <a href={pickHref(p.id, props.q)}>{p.title}</a> · {formatMoney(p.price, p.currency)}{' '}
                      <span class="muted">— {p.reason}</span>
                    </span>
                    {props.canEdit ? (
                      <OverrideButton {...props} target={p.id} change="exclude" label="Exclude" />
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </>
        ))
      )}
    </Card>
  );
}

/** The chosen product's pins (in order) and exclusions, each removable. */
export function OverridesCard(props: PartProps) {
  const pins = props.view.overrides.filter((o) => o.action === 'pin');
  const excluded = props.view.overrides.filter((o) => o.action === 'exclude');
  const rows = (list: typeof pins, empty: string) =>
    list.length === 0 ? (
      <p class="muted">{empty}</p>
    ) : (
      <ol class="list">
        {list.map((o) => (
          <li class="row">
            <a href={pickHref(o.targetId, props.q)}>{o.title}</a>
            {props.canEdit ? (
              <OverrideButton {...props} target={o.targetId} change="remove" label="Remove" />
            ) : null}
          </li>
        ))}
      </ol>
    );
  return (
    <Card title="Pinned and excluded" id="overrides">
      <h3>Pinned (shown first, in this order)</h3>
      {rows(pins, 'No pins. Use “Pin” in the product list above.')}
      <h3>Excluded (never shown for this product)</h3>
      {rows(excluded, 'No exclusions.')}
    </Card>
  );
}

/** Retention of shopper events and the out-of-stock rule; the last build and a rebuild button. */
export function SettingsCard(props: {
  c: C;
  view: MerchandisingView;
  canEdit: boolean;
  typed?: { retentionDays: string; excludeOutOfStock: boolean; error: string } | undefined;
}) {
  const { settings, lastBuild } = props.view;
  const typed = props.typed;
  const built = lastBuild ? lastBuild.builtAt.toISOString().slice(0, 16).replace('T', ' ') : undefined;
  return (
    <Card title="Settings" id="settings">
      <p class="muted">
        {built
          ? `Lists last built ${built} UTC; rebuilt nightly and after catalog imports.`
          : 'Not built yet.'}
      </p>
      {props.canEdit ? (
        <>
          <form method="post" action={`${PATH}/settings`}>
            {csrfInput(props.c)}
            <Field
              name="retentionDays"
              label="Keep shopper views and cart events for (days)"
              inputmode="numeric"
              value={typed?.retentionDays ?? String(settings.retentionDays)}
              error={typed?.error}
              hint="1 to 3650; older events are deleted at the nightly rebuild."
              required
            />
            <Checkbox
              name="excludeOutOfStock"
              label="Never recommend out-of-stock products"
              checked={typed?.excludeOutOfStock ?? settings.excludeOutOfStock}
            />
            <Button>Save settings</Button>
          </form>
          <form method="post" action={`${PATH}/rebuild`}>
            {csrfInput(props.c)}
            <Button variant="secondary">Rebuild now</Button>
          </form>
        </>
      ) : (
        <p>
          Events kept {settings.retentionDays} days; out-of-stock products{' '}
          {settings.excludeOutOfStock ? 'are not' : 'are'} recommended.
        </p>
      )}
    </Card>
  );
}
