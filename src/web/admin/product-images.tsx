/**
 * The product editor's Images card (edit mode) and its actions:
 *   POST /admin/products/:id/images                     upload (multipart: file, alt)
 *   POST /admin/products/:id/images/import              import from an address (url, alt)
 *   POST /admin/products/:id/images/:imageId            save alt text
 *   POST /admin/products/:id/images/:imageId/move       direction=up|down
 *   POST /admin/products/:id/images/:imageId/delete     (behind a confirm step)
 * Admin only; each action calls one catalog service and comes back to the
 * editor (#images) with a notice, or re-renders it with the message next to
 * the field and what was typed kept (400/413).
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { allowsPrivateTargets } from '../../lib/ssrf.js';
import { imageStoreFor } from '../../lib/storage/store-for.js';
import { actorOf } from '../../modules/catalog/actor.js';
import { importProductImageFromUrl } from '../../modules/catalog/image-import.js';
import {
  addProductImage,
  deleteProductImage,
  MAX_ALT_LENGTH,
  MAX_IMAGE_BYTES,
  moveProductImage,
  type ProductImage,
  updateProductImageAlt,
} from '../../modules/catalog/images.js';
import { Button, Card, ConfirmDialog, EmptyState, Field } from '../components/ui.js';
import type { FieldErrors } from './form-errors.js';

type Ctx = Context<AppEnv>;

export interface ImageForms {
  upload?: { errors: FieldErrors; typed: Record<string, string> };
  import?: { errors: FieldErrors; typed: Record<string, string> };
}

/** What one upload may weigh: the image limit, within the request body limit (less room for the form). */
export const uploadLimit = (c: Ctx) =>
  Math.min(MAX_IMAGE_BYTES, c.get('deps').config.BODY_LIMIT_BYTES - 16 * 1024);

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

function Tile(props: { c: Ctx; productId: string; img: ProductImage; i: number; n: number; edit: boolean }) {
  const { c, img, i, n } = props;
  const base = `/admin/products/${props.productId}/images/${img.id}`;
  const label = img.alt || `Image ${i + 1}`;
  return (
    <li class="image-tile">
      <img src={img.url} alt={img.alt} loading="lazy" width="240" height="240" />
      {i === 0 ? <span class="badge info">Main image</span> : null}
      {props.edit ? (
        <>
          <form method="post" action={base} class="stack">
            {csrfInput(c)}
            <Field
              id={`alt-${img.id}`}
              name="alt"
              label="Alt text"
              value={img.alt}
              maxlength={MAX_ALT_LENGTH}
            />
            <Button variant="secondary" size="sm">
              Save alt text
            </Button>
          </form>
          <div class="row">
            <form method="post" action={`${base}/move`} class="inline-form">
              {csrfInput(c)}
              {i > 0 ? (
                <button
                  class="btn btn-secondary btn-sm"
                  name="direction"
                  value="up"
                  aria-label={`Move ${label} up`}
                >
                  ↑ Up
                </button>
              ) : null}
              {i < n - 1 ? (
                <button
                  class="btn btn-secondary btn-sm"
                  name="direction"
                  value="down"
                  aria-label={`Move ${label} down`}
                >
                  ↓ Down
                </button>
              ) : null}
            </form>
            <ConfirmDialog
              action={`${base}/delete`}
              csrf={csrfInput(c)}
              label="Delete"
              size="sm"
              message="Delete this image? It disappears from the storefront at once."
              confirmLabel="Delete image"
            />
          </div>
        </>
      ) : (
        <span class="muted">{img.alt || 'No alt text'}</span>
      )}
    </li>
  );
}

export function ProductImagesCard(props: {
  c: Ctx;
  productId: string;
  images: ProductImage[];
  forms?: ImageForms;
  edit: boolean;
}): Child {
  const { c, images, forms } = props;
  const base = `/admin/products/${props.productId}/images`;
  const up = forms?.upload;
  const im = forms?.import;
  return (
    <Card title="Images" id="images">
      {images.length === 0 ? (
        <EmptyState
          title="No images yet"
          body="Upload a photo or import one from an address. The first is the main image."
        />
      ) : (
        <ul class="image-grid">
          {images.map((img, i) => (
            <Tile c={c} productId={props.productId} img={img} i={i} n={images.length} edit={props.edit} />
          ))}
        </ul>
      )}
      {props.edit ? (
        <div class="form-grid">
          <form method="post" action={base} enctype="multipart/form-data" novalidate>
            {csrfInput(c)}
            <Field
              name="file"
              type="file"
              label="Upload an image"
              accept="image/png,image/jpeg,image/webp,image/gif"
              error={up?.errors.file}
              hint={`PNG, JPEG, WebP or GIF, up to ${mb(uploadLimit(c))}`}
            />
            <Field
              id="f-upload-alt"
              name="alt"
              label="Alt text"
              value={up?.typed.alt}
              error={up?.errors.alt}
            />
            <Button>Upload</Button>
          </form>
          <form method="post" action={`${base}/import`} novalidate>
            {csrfInput(c)}
            <Field
              name="url"
              type="url"
              label="Import from an address"
              placeholder="https://example.com/photo.jpg"
              value={im?.typed.url}
              error={im?.errors.url}
              hint="We fetch the image and keep our own copy"
            />
            <Field
              id="f-import-alt"
              name="alt"
              label="Alt text"
              value={im?.typed.alt}
              error={im?.errors.alt}
            />
            <Button variant="secondary">Import</Button>
          </form>
        </div>
      ) : null}
    </Card>
  );
}

/** The field messages of an image service error (400/413), or undefined for any other error. */
export function imageErrors(err: unknown, field: string): FieldErrors | undefined {
  if (!(err instanceof AppError)) return undefined;
  if (err.code !== 'validation_failed' && err.code !== 'payload_too_large') return undefined;
  const issues = err.issues ?? [];
  const out: FieldErrors = {};
  for (const i of issues) out[i.path === 'alt' ? 'alt' : field] ??= i.message;
  if (Object.keys(out).length === 0) out[field] = err.message;
  return out;
}

const imageDeps = (c: Ctx) => ({ db: c.get('deps').db, images: imageStoreFor(c.get('deps').config) });

export async function uploadImage(c: Ctx, productId: string, form: Record<string, unknown>) {
  const file = form.file;
  const bytes = file instanceof File ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
  if (bytes.length > uploadLimit(c))
    throw new AppError('payload_too_large', `The image is larger than ${mb(uploadLimit(c))}`, {
      issues: [{ path: 'file', message: `The image is larger than ${mb(uploadLimit(c))}` }],
    });
  const alt = typeof form.alt === 'string' ? form.alt : '';
  return addProductImage(imageDeps(c), storeOf(c).id, productId, { bytes, alt }, actorOf(c));
}

export function importImage(c: Ctx, productId: string, typed: Record<string, string>) {
  const deps = c.get('deps');
  return importProductImageFromUrl(
    imageDeps(c),
    storeOf(c).id,
    productId,
    { url: typed.url ?? '', alt: typed.alt },
    actorOf(c),
    { allowPrivate: allowsPrivateTargets(deps.config) },
  );
}

export const saveImageAlt = (c: Ctx, productId: string, imageId: string, alt: string) =>
  updateProductImageAlt(c.get('deps').db, storeOf(c).id, productId, imageId, alt, actorOf(c));

export const moveImage = (c: Ctx, productId: string, imageId: string, dir: 'up' | 'down') =>
  moveProductImage(c.get('deps').db, storeOf(c).id, productId, imageId, dir, actorOf(c));

export const deleteImage = (c: Ctx, productId: string, imageId: string) =>
  deleteProductImage(imageDeps(c), storeOf(c).id, productId, imageId, actorOf(c));
