/**
 * The product editor (create and edit): details, images, options and the
 * variant matrix (one row per combination of option values: SKU, price,
 * compare-at, cost, stock, low-stock threshold). "Update variants" re-posts
 * the form with intent=matrix and comes back with the rows rebuilt and every
 * typed value kept — no JavaScript involved.
 */
import type { Child } from 'hono/jsx';
import type { CategoryDetail } from '../../modules/catalog/service.js';
import { Button, Card, Checkbox, Field, Select, Textarea } from '../components/ui.js';
import {
  activeOptions,
  type FormErrors,
  type ProductFormState,
  type VariantRow,
} from './product-form-state.js';
import { SeoCard } from './product-seo.js';

function Cell(props: {
  name: string;
  value: string;
  label: string;
  /** The column's name: the cell's label when the table stacks on a phone. */
  col: string;
  error?: string;
  width?: string;
  readonly?: boolean;
}) {
  return (
    <td data-label={props.col}>
      <div class="cell">
        <label class="visually-hidden" for={props.name}>
          {props.label}
        </label>
        <input
          id={props.name}
          name={props.name}
          value={props.value}
          inputmode={props.name.endsWith('sku') ? undefined : 'decimal'}
          style={`min-width:${props.width ?? '6rem'}`}
          readonly={props.readonly}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? `${props.name}-error` : undefined}
        />
        {props.error ? (
          <span class="error-text" id={`${props.name}-error`}>
            {props.error}
          </span>
        ) : null}
      </div>
    </td>
  );
}

function VariantLine(props: { row: VariantRow; i: number; errors: FormErrors; currency: string }) {
  const { row, i, errors } = props;
  const name = row.combo.filter(Boolean).join(' / ') || 'Default';
  return (
    <tr>
      <th scope="row" class="heading">
        {name}
        <input type="hidden" name={`v${i}combo`} value={JSON.stringify(row.combo)} />
        {row.id ? <input type="hidden" name={`v${i}id`} value={row.id} /> : null}
      </th>
      <Cell
        name={`v${i}sku`}
        value={row.sku}
        label={`SKU of ${name}`}
        col="SKU"
        error={errors[`v${i}sku`]}
        width="8rem"
        readonly={Boolean(row.id)}
      />
      <Cell
        name={`v${i}price`}
        value={row.price}
        label={`Price of ${name} (${props.currency})`}
        col="Price"
        error={errors[`v${i}price`]}
      />
      <Cell
        name={`v${i}compare`}
        value={row.compareAt}
        label={`Compare-at price of ${name}`}
        col="Compare-at"
        error={errors[`v${i}compare`]}
      />
      <Cell
        name={`v${i}cost`}
        value={row.cost}
        label={`Cost of ${name}`}
        col="Cost"
        error={errors[`v${i}cost`]}
      />
      {row.id ? (
        <td class="num" data-label="Stock">
          <div class="cell">
            <input type="hidden" name={`v${i}stock`} value={row.stock} />
            {(row.onHand ?? 0) - (row.reserved ?? 0)} avail.
            <br />
            <a href={`/admin/inventory/${row.id}`} class="muted">
              Adjust
            </a>
          </div>
        </td>
      ) : (
        <Cell
          name={`v${i}stock`}
          value={row.stock}
          label={`Starting stock of ${name}`}
          col="Stock"
          error={errors[`v${i}stock`]}
          width="4.5rem"
        />
      )}
      <Cell
        name={`v${i}threshold`}
        value={row.threshold}
        label={`Low-stock threshold of ${name}`}
        col="Low at"
        error={errors[`v${i}threshold`]}
        width="4.5rem"
      />
      <td data-label="Remove">
        <Checkbox
          name={`v${i}remove`}
          id={`v${i}remove`}
          label={`Remove ${name}`}
          labelHidden
          checked={row.remove}
        />
      </td>
    </tr>
  );
}

function VariantsCard(props: { state: ProductFormState; errors: FormErrors; currency: string }) {
  const { state } = props;
  return (
    <Card title="Variants" id="variants">
      <p class="muted">
        Prices in {props.currency}, e.g. 24.90. Stock of saved variants changes through inventory adjustments
        (with a reason), not here.
      </p>
      <input type="hidden" name="vcount" value={String(state.variants.length)} />
      <div class="table-wrap stack">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">SKU</th>
              <th scope="col">Price</th>
              <th scope="col">Compare-at</th>
              <th scope="col">Cost</th>
              <th scope="col">Stock</th>
              <th scope="col">Low at</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {state.variants.map((row, i) => (
              <VariantLine row={row} i={i} errors={props.errors} currency={props.currency} />
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function OptionsCard(props: { state: ProductFormState; errors: FormErrors }) {
  const rows = [...props.state.options];
  while (rows.length < 3) rows.push({ name: '', values: '' });
  const n = activeOptions(props.state).length;
  return (
    <Card title="Options" id="options">
      <p class="muted">
        Up to three options, e.g. Size with values “S, M, L”. “Update variants” makes one variant per
        combination{n ? ` (now ${n} option${n === 1 ? '' : 's'})` : ''}.
      </p>
      {rows.map((o, i) => (
        <div class="form-grid">
          <Field
            name={`opt${i}name`}
            label={`Option ${i + 1} name`}
            value={o.name}
            error={props.errors[`opt${i}name`]}
          />
          <Field
            name={`opt${i}values`}
            label={`Option ${i + 1} values`}
            value={o.values}
            hint="Comma-separated"
            error={props.errors[`opt${i}values`]}
          />
        </div>
      ))}
      <Button variant="secondary" name="intent" value="matrix">
        Update variants
      </Button>
    </Card>
  );
}

export function ProductForm(props: {
  action: string;
  csrf: Child;
  state: ProductFormState;
  errors: FormErrors;
  currency: string;
  categories: CategoryDetail[];
  editing: boolean;
  /** Staff: the same editor with every control disabled and no save buttons. */
  readOnly?: boolean;
}) {
  const { state, errors } = props;
  const statuses = [
    { value: 'draft', label: 'Draft (hidden from the storefront)' },
    { value: 'active', label: 'Active (on sale)' },
    ...(props.editing ? [{ value: 'archived', label: 'Archived' }] : []),
  ];
  return (
    <form method="post" action={props.action} novalidate>
      {props.csrf}
      {errors._form ? (
        <p class="notice error" role="alert">
          {errors._form}
        </p>
      ) : null}
      <fieldset class="plain" disabled={props.readOnly}>
        <Card title="Details" id="details">
          <Field
            name="title"
            label="Title"
            value={state.title}
            error={errors.title}
            required
            maxlength={200}
          />
          <div class="form-grid">
            <Field
              name="handle"
              label="Handle"
              value={state.handle}
              error={errors.handle}
              hint="The address: /products/<handle>. Left empty, it is made from the title."
            />
            <Select
              name="status"
              label="Status"
              value={state.status}
              options={statuses}
              error={errors.status}
            />
            <Select
              name="category"
              label="Category"
              value={state.category}
              error={errors.category}
              options={[
                { value: '', label: 'No category' },
                ...props.categories.map((c) => ({ value: c.handle, label: c.name })),
              ]}
            />
            <Field name="tags" label="Tags" value={state.tags} error={errors.tags} hint="Comma-separated" />
          </div>
          <Textarea
            name="description"
            label="Description"
            value={state.description}
            rows={5}
            error={errors.description}
          />
        </Card>
        {props.editing ? null : (
          <Card title="Images" id="images">
            <Textarea
              name="images"
              label="Image addresses"
              value={state.images}
              rows={3}
              error={errors.images}
              hint="One per line: an address, optionally followed by | and a description (alt text). The first is the main image. Once the product is created you can upload images too."
            />
          </Card>
        )}
        <SeoCard state={state} errors={errors} />
        <OptionsCard state={state} errors={errors} />
        <VariantsCard state={state} errors={errors} currency={props.currency} />
      </fieldset>
      {props.readOnly ? null : (
        <div class="form-actions" style="margin-top:1rem">
          <Button name="intent" value="save">
            {props.editing ? 'Save product' : 'Create product'}
          </Button>
          <Button variant="secondary" href="/admin/products">
            Cancel
          </Button>
        </div>
      )}
    </form>
  );
}
