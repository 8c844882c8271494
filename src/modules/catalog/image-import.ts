/**
 * Image import by URL: the server fetches the address through the SSRF guard
 * (src/lib/guarded-get.ts — private, loopback and metadata addresses are
 * refused before any connection unless private targets are allowed, the same
 * switch as webhook targets), then stores it like an upload (./images.ts:
 * magic bytes and size checked, never the remote Content-Type).
 */
import { isUuid, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { FetchFailedError, guardedGet } from '../../lib/guarded-get.js';
import { BlockedTargetError, type Resolver } from '../../lib/ssrf.js';
import type { StockActor } from '../inventory/service.js';
import { addProductImage, type ImageDeps, MAX_IMAGE_BYTES, type ProductImage } from './images.js';
import { lockProduct } from './repository/products.js';

export interface ImportOptions {
  allowPrivate: boolean;
  /** DNS stub for tests; the system resolver otherwise. */
  resolve?: Resolver;
  timeoutMs?: number;
}

const urlError = (message: string) =>
  new AppError('validation_failed', message, { issues: [{ path: 'url', message }] });

function parseUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw urlError('Enter an address like https://example.com/photo.jpg');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw urlError('Only http:// and https:// addresses');
  if (u.username || u.password) throw urlError('Addresses with a user name or password are not fetched');
  return u;
}

async function fetchImage(u: URL, opts: ImportOptions): Promise<Buffer> {
  try {
    const r = await guardedGet(u.href, {
      allowPrivate: opts.allowPrivate,
      resolve: opts.resolve,
      maxBytes: MAX_IMAGE_BYTES,
      timeoutMs: opts.timeoutMs ?? 10_000,
      maxRedirects: 3,
    });
    return r.bytes;
  } catch (err) {
    if (err instanceof BlockedTargetError || (err as { code?: string }).code === 'EBLOCKEDTARGET')
      throw urlError('This address points to a private network; use a public image address');
    if (err instanceof FetchFailedError) {
      if (err.reason === 'too_large')
        throw new AppError('payload_too_large', 'The image is larger than 5 MB', {
          issues: [{ path: 'url', message: 'The image is larger than 5 MB' }],
        });
      if (err.reason === 'status') throw urlError(`The address could not be fetched (it ${err.message})`);
      if (err.reason === 'redirects') throw urlError('The address redirects too many times');
    }
    throw urlError('The address could not be reached');
  }
}

export async function importProductImageFromUrl(
  deps: ImageDeps,
  tenantId: string,
  productId: string,
  input: { url: string; alt?: string },
  actor: StockActor,
  opts: ImportOptions,
): Promise<ProductImage> {
  const u = parseUrl(input.url);
  // No fetch for a product that is not this store's.
  const exists = await withTenant(deps.db, tenantId, async (trx) =>
    isUuid(productId) ? Boolean(await lockProduct(trx, tenantId, productId)) : false,
  );
  if (!exists) throw notFound('Product');
  const bytes = await fetchImage(u, opts);
  return addProductImage(
    deps,
    tenantId,
    productId,
    { bytes, alt: input.alt, field: 'url', source: u.origin },
    actor,
  );
}
