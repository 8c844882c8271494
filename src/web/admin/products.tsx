/**
 * Product pages of the store admin, mounted by src/web/routes.ts:
 *   GET  /admin/products               list (products-list.tsx)           staff
 *   POST /admin/products/bulk          publish / draft / archive selected admin
 *   GET  /admin/products/new           editor, empty                      admin
 *   POST /admin/products/new           create (or rebuild the matrix)     admin
 *   GET  /admin/products/:id           editor (staff: read-only summary)  staff
 *   POST /admin/products/:id           save (or rebuild the matrix)       admin
 *   GET  /admin/products/export.csv    the catalogue as CSV               staff
 * Import lives in product-import.tsx. Every write goes through the catalog's
 * admin services (audited there); a 400 re-renders the form with messages
 * next to the fields and the typed values kept.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { actorOf } from '../../modules/catalog/actor.js';
import {
  createProductForAdmin,
  exportProductsCsvForAdmin,
  getProductForAdmin,
  listCategoriesForAdmin,
  updateProductForAdmin,
} from '../../modules/catalog/admin-service.js';
import { setProductStatusBulk } from '../../modules/catalog/admin-table-service.js';
import { listProductImages } from '../../modules/catalog/images.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import { formStrings } from './form-errors.js';
import { text } from './form-values.js';
import { adminGuard, adminPage, roleAtLeast } from './layout.js';
import { ProductForm } from './product-form.js';
import { errorsFromService, toCreateInput, toUpdateInput } from './product-form-input.js';
import {
  applyMatrix,
  emptyProductState,
  type FormErrors,
  type ProductFormState,
  stateFromForm,
  stateFromProduct,
} from './product-form-state.js';
import {
  deleteImage,
  type ImageForms,
  imageErrors,
  importImage,
  moveImage,
  ProductImagesCard,
  saveImageAlt,
  uploadImage,
} from './product-images.js';
import { adminProductImportPages } from './product-import.js';
import { type ImageNotice, PRODUCT_NOTICES, productsListPage } from './products-list.js';

type Ctx = Context<AppEnv>;

async function renderEditor(
  c: Ctx,
  opts: {
    id?: string;
    title: string;
    state: ProductFormState;
    errors: FormErrors;
    status?: 200 | 400;
    imageForms?: ImageForms;
  },
) {
  const store = storeOf(c);
  const cats = await listCategoriesForAdmin(c.get('deps').db, store.id);
  const images = opts.id ? await listProductImages(c.get('deps').db, store.id, opts.id) : [];
  const invalid = Object.keys(opts.errors).length > 0;
  return adminPage(
    c,
    {
      title: opts.title,
      current: 'products',
      back: { href: '/admin/products', label: 'Products' },
      notice: invalid || opts.imageForms ? undefined : noticeFrom(c, PRODUCT_NOTICES),
      error:
        (invalid && !opts.errors._form) || opts.imageForms
          ? 'Some fields need attention — see the messages below.'
          : undefined,
      status: opts.status ?? 200,
      actions:
        opts.id && opts.state.status === 'active' ? (
          <a class="btn btn-secondary" href={`/products/${opts.state.handle}`}>
            View on storefront
          </a>
        ) : null,
    },
    <>
      <ProductForm
        action={opts.id ? `/admin/products/${opts.id}` : '/admin/products/new'}
        csrf={csrfInput(c)}
        state={opts.state}
        errors={opts.errors}
        currency={store.currency}
        categories={cats.items}
        editing={Boolean(opts.id)}
        readOnly={!roleAtLeast(c, 'admin')}
      />
      {opts.id ? (
        <ProductImagesCard
          c={c}
          productId={opts.id}
          images={images}
          forms={opts.imageForms}
          edit={roleAtLeast(c, 'admin')}
        />
      ) : null}
    </>,
  );
}

async function createSubmit(c: Ctx) {
  const store = storeOf(c);
  const form = await c.req.parseBody();
  const state = stateFromForm(form);
  if (text(form, 'intent') === 'matrix')
    return renderEditor(c, { title: 'Add product', state: applyMatrix(state), errors: {} });
  const { input, errors, rows } = toCreateInput(state, store.currency);
  if (Object.keys(errors).length > 0)
    return renderEditor(c, { title: 'Add product', state, errors, status: 400 });
  try {
    const p = await createProductForAdmin(c.get('deps').db, store.id, input, actorOf(c));
    return c.redirect(`/admin/products/${p.id}${noticeQuery(PRODUCT_NOTICES, 'created')}`, 303);
  } catch (err) {
    const mapped = errorsFromService(err, state, () => rows);
    return renderEditor(c, { title: 'Add product', state, errors: mapped, status: 400 });
  }
}

async function editPage(c: Ctx, imageForms?: ImageForms, status?: 400) {
  const store = storeOf(c);
  const p = await getProductForAdmin(c.get('deps').db, store.id, c.req.param('id') ?? '');
  return renderEditor(c, {
    id: p.id,
    title: p.title,
    state: stateFromProduct(p, store.currency),
    errors: {},
    imageForms,
    status,
  });
}

/** Runs one image action; back to #images with a notice, or the editor with the message next to the field. */
async function imageAction(
  c: Ctx,
  which: keyof ImageForms | undefined,
  run: () => Promise<unknown>,
  code: ImageNotice,
) {
  const productId = c.req.param('id') ?? '';
  try {
    await run();
  } catch (err) {
    const errors = which ? imageErrors(err, which === 'upload' ? 'file' : 'url') : undefined;
    if (!errors || !which) throw err;
    const typed = await formStrings(c.req).then((f) => f.values);
    return editPage(c, { [which]: { errors, typed } }, 400);
  }
  return c.redirect(`/admin/products/${productId}${noticeQuery(PRODUCT_NOTICES, code)}#images`, 303);
}

async function editSubmit(c: Ctx) {
  const store = storeOf(c);
  const deps = c.get('deps');
  const current = await getProductForAdmin(deps.db, store.id, c.req.param('id') ?? '');
  const form = await c.req.parseBody();
  const state = withSavedStock(stateFromForm(form), stateFromProduct(current, store.currency));
  const title = current.title;
  if (text(form, 'intent') === 'matrix')
    return renderEditor(c, { id: current.id, title, state: applyMatrix(state), errors: {} });
  const { input, errors, patchRows, addRows } = toUpdateInput(state, store.currency);
  if (Object.keys(errors).length > 0)
    return renderEditor(c, { id: current.id, title, state, errors, status: 400 });
  try {
    await updateProductForAdmin(deps.db, store.id, current.id, input, actorOf(c));
    return c.redirect(`/admin/products/${current.id}${noticeQuery(PRODUCT_NOTICES, 'saved')}`, 303);
  } catch (err) {
    const mapped = errorsFromService(err, state, (list) => (list === 'addVariants' ? addRows : patchRows));
    return renderEditor(c, { id: current.id, title, state, errors: mapped, status: 400 });
  }
}

/** Saved rows show their current stock from the database, never a posted number. */
function withSavedStock(posted: ProductFormState, saved: ProductFormState): ProductFormState {
  const byId = new Map(saved.variants.filter((v) => v.id).map((v) => [v.id, v]));
  return {
    ...posted,
    variants: posted.variants
      .filter((v) => !v.id || byId.has(v.id))
      .map((v) => {
        const s = v.id ? byId.get(v.id) : undefined;
        return s ? { ...v, sku: s.sku, stock: s.stock, onHand: s.onHand, reserved: s.reserved } : v;
      }),
  };
}

async function bulkSubmit(c: Ctx) {
  const form = await c.req.parseBody({ all: true });
  const raw = form.ids;
  const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((x): x is string => typeof x === 'string');
  const status = (['active', 'draft', 'archived'] as const).find((s) => s === form.status);
  if (!status || ids.length === 0)
    return c.redirect(`/admin/products${noticeQuery(PRODUCT_NOTICES, 'bulk_none')}`, 303);
  const n = await setProductStatusBulk(c.get('deps').db, storeOf(c).id, ids, status, actorOf(c));
  const code = n === 0 ? 'bulk_none' : (`bulk_${status}` as const);
  return c.redirect(`/admin/products${noticeQuery(PRODUCT_NOTICES, code)}`, 303);
}

async function exportCsv(c: Ctx) {
  const store = storeOf(c);
  const csv = await exportProductsCsvForAdmin(c.get('deps').db, store.id);
  return c.body(csv, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="products-${store.handle}.csv"`,
  });
}

export const adminProductPages = new Hono<AppEnv>();
adminProductPages.route('/', adminProductImportPages);
adminProductPages.get('/admin/products', ...adminGuard('staff'), productsListPage);
adminProductPages.get('/admin/products/export.csv', ...adminGuard('staff'), exportCsv);
adminProductPages.post('/admin/products/bulk', ...adminGuard('admin'), bulkSubmit);
adminProductPages.get('/admin/products/new', ...adminGuard('admin'), (c) =>
  renderEditor(c, { title: 'Add product', state: emptyProductState(), errors: {} }),
);
adminProductPages.post('/admin/products/new', ...adminGuard('admin'), createSubmit);
adminProductPages.get('/admin/products/:id{[0-9a-fA-F-]{36}}', ...adminGuard('staff'), (c) => editPage(c));
adminProductPages.post('/admin/products/:id{[0-9a-fA-F-]{36}}', ...adminGuard('admin'), editSubmit);
const IMG = '/admin/products/:id{[0-9a-fA-F-]{36}}/images';
adminProductPages.post(IMG, ...adminGuard('admin'), async (c) => {
  const form = await c.req.parseBody();
  return imageAction(c, 'upload', () => uploadImage(c, c.req.param('id'), form), 'image_added');
});
adminProductPages.post(`${IMG}/import`, ...adminGuard('admin'), async (c) => {
  const { values } = await formStrings(c.req);
  return imageAction(c, 'import', () => importImage(c, c.req.param('id'), values), 'image_added');
});
adminProductPages.post(`${IMG}/:imageId`, ...adminGuard('admin'), async (c) => {
  const { values } = await formStrings(c.req);
  const { id, imageId } = c.req.param();
  return imageAction(c, undefined, () => saveImageAlt(c, id, imageId, values.alt ?? ''), 'image_saved');
});
adminProductPages.post(`${IMG}/:imageId/move`, ...adminGuard('admin'), async (c) => {
  const { values } = await formStrings(c.req);
  const { id, imageId } = c.req.param();
  const dir = values.direction === 'up' ? 'up' : 'down';
  return imageAction(c, undefined, () => moveImage(c, id, imageId, dir), 'image_moved');
});
adminProductPages.post(`${IMG}/:imageId/delete`, ...adminGuard('admin'), (c) => {
  const { id, imageId } = c.req.param();
  return imageAction(c, undefined, () => deleteImage(c, id, imageId), 'image_deleted');
});
