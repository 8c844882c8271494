/**
 * UI kit — form controls (see ./ui.tsx for the usage guide). Every control
 * renders its label, an optional hint, and the server's error message right
 * next to the field (aria-invalid + aria-describedby), and keeps the value the
 * merchant typed (pass it back as `value` when re-rendering after a 400).
 */
import type { Child } from 'hono/jsx';

interface BaseField {
  name: string;
  label: Child;
  /** The id of the control; defaults to `f-<name>`. */
  id?: string;
  hint?: Child;
  /** A human message from the server's validation; shown under the control. */
  error?: string | undefined;
  required?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldFrame(props: BaseField & { id: string; wide?: boolean; children: Child }) {
  return (
    <div class={props.wide ? 'field wide' : 'field'}>
      <label for={props.id}>
        {props.label}
        {props.required ? <span class="muted"> (required)</span> : null}
      </label>
      {props.children}
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span class="error-text" id={`${props.id}-error`}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

/** A labelled <input>. `type` defaults to text; numbers/prices use `inputmode` rather than type=number. */
export function Field(
  props: BaseField & {
    value?: string | number | undefined;
    type?: 'text' | 'email' | 'url' | 'password' | 'number' | 'date' | 'search' | 'file' | 'tel';
    inputmode?: 'numeric' | 'decimal' | 'text';
    placeholder?: string;
    maxlength?: number;
    autocomplete?: string;
    accept?: string;
  },
) {
  const id = props.id ?? `f-${props.name}`;
  return (
    <FieldFrame {...props} id={id}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'file' || props.value === undefined ? undefined : String(props.value)}
        inputmode={props.inputmode}
        placeholder={props.placeholder}
        maxlength={props.maxlength}
        autocomplete={props.autocomplete}
        accept={props.accept}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A labelled <select>; `value` selects the matching option. */
/** Option labels longer than this (characters) do not fit a 14rem form-grid column. */
const WIDE_OPTION = 22;

export function Select(props: BaseField & { options: readonly Option[]; value?: string | undefined }) {
  const id = props.id ?? `f-${props.name}`;
  // A select cannot wrap its text: one with long options takes a whole row of a .form-grid and is as
  // wide as its longest option there, so the chosen option is never cut off in a narrow grid column.
  const wide = props.options.some((o) => o.label.length > WIDE_OPTION);
  return (
    <FieldFrame {...props} id={id} wide={wide}>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A labelled <textarea>. */
export function Textarea(
  props: BaseField & { value?: string | undefined; rows?: number; maxlength?: number },
) {
  const id = props.id ?? `f-${props.name}`;
  return (
    <FieldFrame {...props} id={id}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        maxlength={props.maxlength}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

/** A checkbox with its label to the right. Unchecked boxes send nothing: read `form[name] === value`. */
export function Checkbox(
  props: BaseField & { checked?: boolean; value?: string; form?: string; labelHidden?: boolean },
) {
  const id = props.id ?? `f-${props.name}`;
  return (
    <div class="check">
      <input
        id={id}
        type="checkbox"
        name={props.name}
        value={props.value ?? 'on'}
        checked={props.checked}
        form={props.form}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
      <label for={id} class={props.labelHidden ? 'visually-hidden' : undefined}>
        {props.label}
        {props.hint ? (
          <span class="hint muted" id={`${id}-hint`}>
            {' '}
            {props.hint}
          </span>
        ) : null}
        {props.error ? (
          <span class="error-text" id={`${id}-error`}>
            {' '}
            {props.error}
          </span>
        ) : null}
      </label>
    </div>
  );
}

export interface FilterSelect {
  name: string;
  label: string;
  options: readonly Option[];
  value?: string | undefined;
}

/** A free-text or date filter of a FilterBar (e.g. "Created from", "Who (email)"). */
export interface FilterInput {
  name: string;
  label: string;
  type?: 'text' | 'date' | 'email';
  value?: string | undefined;
  placeholder?: string;
  size?: number;
}

/**
 * A GET filter form for a list page: a search box, selects and text/date
 * inputs. Current values stay selected; `keep` carries hidden params (e.g. the
 * sort) across. Submitting resets the page (no `page` param is kept).
 * `search={false}` leaves the search box out; `after` sits beside the button
 * (e.g. a "Clear filters" link).
 */
export function FilterBar(props: {
  action: string;
  q?: string | undefined;
  search?: boolean;
  searchLabel?: string;
  placeholder?: string;
  selects?: readonly FilterSelect[];
  inputs?: readonly FilterInput[];
  keep?: Record<string, string | undefined>;
  /** More fields after the selects and inputs (e.g. a date range with its errors), each a `.fb-item`. */
  children?: Child;
  /** The form's accessible name (role search). */
  label?: string;
  submitLabel?: string;
  after?: Child;
}) {
  return (
    <form class="filter-bar" method="get" action={props.action} role="search" aria-label={props.label}>
      {props.search === false ? null : (
        <div class="fb-item fb-search">
          <label for="fb-q">{props.searchLabel ?? 'Search'}</label>
          <input id="fb-q" type="search" name="q" value={props.q ?? ''} placeholder={props.placeholder} />
        </div>
      )}
      {(props.selects ?? []).map((s) => (
        <div class="fb-item">
          <label for={`fb-${s.name}`}>{s.label}</label>
          <select id={`fb-${s.name}`} name={s.name}>
            {s.options.map((o) => (
              <option value={o.value} selected={o.value === (s.value ?? '')}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      {(props.inputs ?? []).map((i) => (
        <div class="fb-item">
          <label for={`fb-${i.name}`}>{i.label}</label>
          <input
            id={`fb-${i.name}`}
            name={i.name}
            type={i.type ?? 'text'}
            value={i.value ?? ''}
            placeholder={i.placeholder}
            size={i.size}
          />
        </div>
      ))}
      {props.children}
      {Object.entries(props.keep ?? {}).map(([k, v]) =>
        v ? <input type="hidden" name={k} value={v} /> : null,
      )}
      <button type="submit" class="btn btn-secondary">
        {props.submitLabel ?? 'Apply'}
      </button>
      {props.after ?? null}
    </form>
  );
}
