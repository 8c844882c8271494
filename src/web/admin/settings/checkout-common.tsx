/**
 * The shared piece of Settings › Shipping, Taxes and Discount codes: the tab
 * page frame (error banner + 400 when a field failed), the confirmed delete,
 * the list card (a table with a Delete per row), the "add/set" card form, and
 * the one save step every tab's POST runs
 * (field errors → re-render keeping the typed text; service validation
 * errors → messages next to the fields; success → redirect with a notice).
 */
import type { Child } from 'hono/jsx';
import type { ZodError } from 'zod';
import { csrfInput } from '../../../lib/http/csrf.js';
import { Button, Card, type Column, ConfirmDialog, DataTable, EmptyState } from '../../components/ui.js';
import { noticeFrom, noticeQuery } from '../../notices.js';
import { attempt, type Ctx, type Errors, errorsOf, settingsPage, type Typed } from './shell.js';

export const NOTICES = { added: 'Saved.', deleted: 'Deleted.' } as const;
export type Tab = 'shipping' | 'taxes' | 'discounts';
export type State = { typed?: Typed; errors?: Errors };

export const pct = (bp: number) => `${(bp / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;

/** "7.5" → 750 basis points; null when not a percentage with at most two decimals. */
export function basisPoints(text: string | undefined): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec((text ?? '').trim().replace(/\s*%$/, ''));
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0') : null;
}

export function tabPage(c: Ctx, tab: Tab, state: State, body: Child, title = 'Settings') {
  const failed = state.errors && Object.keys(state.errors).length > 0;
  return settingsPage(
    c,
    tab,
    {
      title,
      notice: noticeFrom(c, NOTICES),
      error: failed ? 'Please fix the fields marked below.' : undefined,
      status: failed ? 400 : 200,
    },
    body,
  );
}

export function DeleteButton({ c, action, what }: { c: Ctx; action: string; what: string }) {
  return (
    <ConfirmDialog
      action={action}
      csrf={csrfInput(c)}
      label="Delete"
      size="sm"
      message={`Delete ${what}? Checkout stops offering it at once.`}
    />
  );
}

/** A tab's list as a card: one row per item with a confirmed Delete at its end, or the empty state. */
export function TabTable<T>(props: {
  c: Ctx;
  title: string;
  caption: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  /** The delete POST of a row and how the confirm step names it ("the code SUMMER10"). */
  remove: (row: T) => { action: string; what: string };
  empty: { title: string; body: string };
}) {
  return (
    <Card title={props.title}>
      <DataTable
        caption={props.caption}
        rows={props.rows}
        columns={[
          ...props.columns,
          {
            key: 'x',
            label: <span class="visually-hidden">Actions</span>,
            render: (row) => <DeleteButton c={props.c} {...props.remove(row)} />,
          },
        ]}
        empty={<EmptyState title={props.empty.title} body={props.empty.body} />}
      />
    </Card>
  );
}

/** A tab's add/set/edit form as a card: `intro`, the `fields` in a grid, then `children` (checkboxes). */
export function TabForm(props: {
  c: Ctx;
  action: string;
  title: string;
  submit: string;
  intro?: Child;
  fields: Child;
  children?: Child;
}) {
  return (
    <form method="post" action={props.action} class="card" novalidate>
      {csrfInput(props.c)}
      <h2>{props.title}</h2>
      {props.intro}
      <div class="form-grid">{props.fields}</div>
      {props.children}
      <Button>{props.submit}</Button>
    </form>
  );
}

/**
 * A tab's save step: `errors` from reading the typed text, the zod result of
 * the service input, then the service call; any failure re-renders the form
 * (`again`) with the messages and what was typed.
 */
export async function saveTab<T>(
  c: Ctx,
  tab: Tab,
  typed: Typed,
  errors: Errors,
  parsed: { success: true; data: T } | { success: false; error: ZodError },
  save: (input: T) => Promise<unknown>,
  again: (state: State) => Promise<Response>,
): Promise<Response> {
  if (!parsed.success) Object.assign(errors, { ...errorsOf(parsed.error), ...errors });
  if (Object.keys(errors).length || !parsed.success) return again({ typed, errors });
  const res = await attempt(() => save(parsed.data));
  if ('errors' in res) return again({ typed, errors: res.errors });
  return c.redirect(`/admin/settings/${tab}${noticeQuery(NOTICES, 'added')}`, 303);
}

export const deleted = (c: Ctx, tab: Tab) =>
  c.redirect(`/admin/settings/${tab}${noticeQuery(NOTICES, 'deleted')}`, 303);
