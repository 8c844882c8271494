/**
 * Storeloom admin UI kit — the one design system of /admin pages. Styles live
 * in src/web/assets/admin-css.ts (inlined by the admin layout); everything
 * here is server-rendered and works without JavaScript. The layout adds one
 * small CSP-hashed script (ADMIN_SCRIPT) that only makes things nicer.
 *
 * Usage (inside `adminPage(c, { title, current, actions, notice, error }, body)`):
 *
 *   import { Button, Card, DataTable, EmptyState, Field, FilterBar, Pagination, … } from '../components/ui.js';
 *
 *   // page header: the layout renders the title (h1) and `actions` beside it
 *   adminPage(c, { title: 'Products', current: 'products',
 *                  actions: <Button href="/admin/products/new">Add product</Button> }, body)
 *
 *   <Button>Save</Button>                       primary submit button
 *   <Button variant="secondary" href="/x">…</Button>   a link that looks like a button
 *   variants: primary | secondary | danger | link;  size="sm"
 *
 *   <form method="post">{csrfInput(c)}
 *     <Field name="title" label="Title" value={typed.title} error={errors.title} required />
 *     <Select name="status" label="Status" options={[{ value: 'draft', label: 'Draft' }]} value={…} />
 *     <Textarea name="body" label="Description" value={…} hint="Markdown" />
 *     <Checkbox name="track" label="Track stock" checked={…} />
 *   </form>                                       (wrap fields in <div class="form-grid"> for columns)
 *
 *   <FilterBar action="/admin/products" q={q} selects={[{ name: 'status', label: 'Status', options, value }]}
 *              keep={{ sort, dir }} />
 *   <DataTable columns={[{ key: 'title', label: 'Title', sortable: true, render: (r) => r.title },
 *                        { key: 'price', label: 'Price', num: true, render: … }]}
 *              rows={rows} sort={{ by, dir }} path="/admin/products" query={query}
 *              empty={<EmptyState title="No products yet" action={{ href: '/admin/products/new', label: 'Add product' }} />} />
 *   <Pagination path="/admin/products" query={query} page={2} pageSize={25} shown={rows.length} total={n} />
 *   <Badge tone="ok">Active</Badge>   or   <StatusBadge status="draft" />
 *   <Flash notice={noticeFrom(c, MY_NOTICES)} />   (closed code maps only: src/web/notices.ts)
 *   <ConfirmDialog action="/admin/x/delete" csrf={csrfInput(c)} label="Delete"
 *                  message="Delete this rule? This cannot be undone." />
 *   <ConfirmDialog … ><Field name="reason" label="Reason" required /></ConfirmDialog>   (fields in the panel)
 *   <Button disabled>Sign in as owner</Button>   (shown, not usable; say why next to it)
 *   <FilterBar … inputs={[{ name: 'from', label: 'Created from', type: 'date', value }]} search={false} />
 *   <Card title="Recent orders" actions={<a href="/admin/orders">All orders</a>}>…</Card>
 *   <div class="stats"><Stat label="Sales" value="€1,234" href="/admin/orders" /></div>
 *   <LineChart points={[{ label: '1 Mar', value: 1200 }]} label="Sales, last 30 days" format={…} />
 *   <BarChart …/>  <Sparkline values={[…]} label="…" />
 *
 * Role-aware actions: pages get `c.get('role')`; render actions a role cannot
 * take as nothing (use `roleAtLeast(c, 'admin')`), never as a button that 403s.
 */
import type { Child } from 'hono/jsx';
import { allowInlineScript } from '../../lib/http/security-headers.js';

export { BarChart, LineChart, type Point, Sparkline } from './ui-charts.js';
export {
  Checkbox,
  Field,
  FilterBar,
  type FilterInput,
  type FilterSelect,
  type Option,
  Select,
  Textarea,
} from './ui-form.js';
export { type Column, DataTable, hrefWith, Pagination, type Query, type SortState } from './ui-table.js';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';

function btnClass(variant: ButtonVariant = 'primary', size?: 'sm'): string {
  return ['btn', variant === 'primary' ? '' : `btn-${variant}`, size ? `btn-${size}` : '']
    .filter(Boolean)
    .join(' ');
}

/** A button; with `href` it renders an <a> styled as a button (GET navigation only). */
export function Button(props: {
  variant?: ButtonVariant;
  size?: 'sm';
  href?: string;
  type?: 'submit' | 'button' | 'reset';
  name?: string;
  value?: string;
  form?: string;
  formaction?: string;
  id?: string;
  /** Shown but not usable (say why nearby); a disabled link renders without its href. */
  disabled?: boolean;
  children?: Child;
}) {
  const cls = btnClass(props.variant, props.size);
  if (props.href)
    return props.disabled ? (
      <a class={cls} id={props.id} aria-disabled="true" role="link">
        {props.children}
      </a>
    ) : (
      <a class={cls} href={props.href} id={props.id}>
        {props.children}
      </a>
    );
  return (
    <button
      class={cls}
      type={props.type ?? 'submit'}
      name={props.name}
      value={props.value}
      form={props.form}
      formaction={props.formaction}
      id={props.id}
      disabled={props.disabled}
    >
      {props.children}
    </button>
  );
}

export type Tone = 'neutral' | 'ok' | 'warn' | 'danger' | 'info';

export function Badge(props: { tone?: Tone; children?: Child }) {
  const tone = props.tone ?? 'neutral';
  return <span class={tone === 'neutral' ? 'badge' : `badge ${tone}`}>{props.children}</span>;
}

const STATUS_TONES: Record<string, Tone> = {
  active: 'ok',
  paid: 'ok',
  fulfilled: 'ok',
  delivered: 'ok',
  published: 'ok',
  draft: 'neutral',
  pending: 'warn',
  unpaid: 'warn',
  partially_fulfilled: 'info',
  unfulfilled: 'warn',
  low: 'warn',
  archived: 'neutral',
  cancelled: 'danger',
  refunded: 'info',
  failed: 'danger',
  out: 'danger',
};

/** A badge for a status word (draft/active/archived/paid/…): tone by a fixed map, label humanised. */
export function StatusBadge(props: { status: string; label?: string }) {
  const label = props.label ?? props.status.replace(/_/g, ' ');
  return (
    <Badge tone={STATUS_TONES[props.status] ?? 'neutral'}>
      {label.charAt(0).toUpperCase() + label.slice(1)}
    </Badge>
  );
}

/**
 * Flash messages after a redirect. Pass ONLY strings from a page's closed
 * code map (noticeFrom in src/web/notices.ts) — never query text.
 */
export function Flash(props: { notice?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
    </>
  );
}

/**
 * A destructive action behind a confirm step: a <details> disclosure whose
 * panel holds the message and the real POST form (works without JS; the
 * admin script focuses the confirm button, closes on Escape/outside click).
 * `children` are fields of that form shown above the confirm button (e.g. a
 * reason, the handle typed again).
 */
export function ConfirmDialog(props: {
  action: string;
  csrf: Child;
  label: Child;
  message: Child;
  confirmLabel?: Child;
  /** Hidden fields sent with the confirmed POST. */
  fields?: Record<string, string>;
  variant?: 'danger' | 'secondary';
  size?: 'sm';
  /** Opens the panel (e.g. re-rendered after a 400 so the error next to a field shows). */
  open?: boolean;
  /** Leave checking the fields to the server (its message shows next to the field). */
  novalidate?: boolean;
  children?: Child;
}) {
  const confirm = (
    <button type="submit" class="btn btn-danger" data-confirm>
      {props.confirmLabel ?? props.label}
    </button>
  );
  return (
    <details class="confirm" open={props.open}>
      <summary class={btnClass(props.variant ?? 'danger', props.size)}>{props.label}</summary>
      <div class="confirm-panel" role="dialog" aria-label="Confirm">
        <p>{props.message}</p>
        <form
          method="post"
          action={props.action}
          class={props.children ? 'confirm-form' : 'form-actions'}
          novalidate={props.novalidate}
        >
          {props.csrf}
          {Object.entries(props.fields ?? {}).map(([k, v]) => (
            <input type="hidden" name={k} value={v} />
          ))}
          {props.children ? (
            <>
              {props.children}
              <div class="form-actions">{confirm}</div>
            </>
          ) : (
            confirm
          )}
        </form>
      </div>
    </details>
  );
}

/** The page header: title, optional back link and actions (the layout renders it from adminPage opts). */
export function PageHeader(props: { title: Child; back?: { href: string; label: string }; actions?: Child }) {
  return (
    <div class="page-head">
      <div>
        {props.back ? (
          <a class="back" href={props.back.href}>
            ← {props.back.label}
          </a>
        ) : null}
        <h1>{props.title}</h1>
      </div>
      {props.actions ? <div class="actions">{props.actions}</div> : null}
    </div>
  );
}

export function Card(props: { title?: Child; actions?: Child; id?: string; children?: Child }) {
  const headId = props.id ? `${props.id}-h` : undefined;
  return (
    <section class="card" id={props.id} aria-labelledby={props.title ? headId : undefined}>
      {props.title ? (
        <div class="card-head">
          <h2 id={headId}>{props.title}</h2>
          {props.actions ? <div class="row">{props.actions}</div> : null}
        </div>
      ) : null}
      {props.children}
    </section>
  );
}

/** A number tile; put several in `<div class="stats">`. */
export function Stat(props: { label: string; value: string; href?: string; delta?: string; trend?: Child }) {
  const up = props.delta?.startsWith('+');
  const down = props.delta?.startsWith('-') || props.delta?.startsWith('−');
  return (
    <div class="stat">
      <span class="n">{props.value}</span>
      {props.href ? (
        <a class="label" href={props.href}>
          {props.label}
        </a>
      ) : (
        <span class="label">{props.label}</span>
      )}
      {props.delta ? <span class={`delta ${up ? 'up' : down ? 'down' : ''}`}> {props.delta}</span> : null}
      {props.trend ? <div>{props.trend}</div> : null}
    </div>
  );
}

/** What a list shows when it has nothing yet, with the action that fills it. */
export function EmptyState(props: { title: string; body?: Child; action?: { href: string; label: string } }) {
  return (
    <div class="empty-state">
      <h3>{props.title}</h3>
      {props.body ? <p>{props.body}</p> : null}
      {props.action ? (
        <a class="btn" href={props.action.href}>
          {props.action.label}
        </a>
      ) : null}
    </div>
  );
}

/**
 * The admin's one progressive-enhancement script (CSP-hashed): Escape or a
 * click outside closes open confirm/switcher disclosures, opening a confirm
 * shifts its panel sideways into the viewport when it would stick out (the
 * panel hangs leftwards from its button, so a button near the left edge of a
 * 390 px screen would push it off; again when the window is resized) and
 * focuses its button, and `input[data-select-all=NAME]` toggles every
 * checkbox named NAME in its form. Pages work the same without it.
 */
export const ADMIN_SCRIPT = allowInlineScript(
  "(function(){var d=document;function shut(x){d.querySelectorAll('details.confirm[open],details.switcher[open]').forEach(function(e){if(e!==x)e.removeAttribute('open')})}" +
    "d.addEventListener('keydown',function(e){if(e.key==='Escape')shut(null)});" +
    "d.addEventListener('click',function(e){var t=e.target;shut(t&&t.closest?t.closest('details'):null)});" +
    "function place(t){var p=t.querySelector('.confirm-panel');if(!p)return;p.style.transform='';" +
    "var r=p.getBoundingClientRect(),w=d.documentElement.clientWidth,s=r.left<8?8-r.left:r.right>w-8?w-8-r.right:0;if(s)p.style.transform='translateX('+s+'px)'}" +
    "d.addEventListener('toggle',function(e){var t=e.target;if(t.open&&t.classList.contains('confirm')){place(t);var b=t.querySelector('[data-confirm]');if(b)b.focus()}},true);" +
    "window.addEventListener('resize',function(){d.querySelectorAll('details.confirm[open]').forEach(place)});" +
    "d.addEventListener('change',function(e){var t=e.target,n=t&&t.getAttribute&&t.getAttribute('data-select-all');if(!n||!t.form)return;" +
    "Array.prototype.forEach.call(t.form.elements,function(c){if(c.type==='checkbox'&&c.name===n)c.checked=t.checked})})})();",
);
