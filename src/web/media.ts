/**
 * GET /media/images/<imageId>.<ext> on a store's host: the product images
 * merchants uploaded or imported (src/modules/catalog/images.ts). Tenant
 * scoped by the Host (another store's image id answers 404). An image id is
 * never reused and its bytes never change, so the answer is cacheable for a
 * year; `nosniff` and a `default-src 'none'` CSP keep the bytes an image even
 * when opened directly.
 */
import { Hono } from 'hono';
import { AppError } from '../lib/errors.js';
import type { AppEnv } from '../lib/http/context.js';
import { imageStoreFor } from '../lib/storage/store-for.js';
import { readStoredImage } from '../modules/catalog/images.js';

export const mediaRoutes = new Hono<AppEnv>();

mediaRoutes.get('/media/images/:file', async (c) => {
  const site = c.get('site');
  if (site.kind !== 'store') throw new AppError('not_found', 'Not found');
  const file = c.req.param('file');
  const etag = `"${file}"`;
  const img = await readStoredImage(imageStoreFor(c.get('deps').config), site.tenant.id, file);
  if (!img) throw new AppError('not_found', 'Not found');
  c.header('cache-control', 'public, max-age=31536000, immutable');
  c.header('etag', etag);
  c.header('x-content-type-options', 'nosniff');
  c.header('content-security-policy', "default-src 'none'");
  if (c.req.header('if-none-match') === etag) return c.body(null, 304);
  c.header('content-type', img.contentType);
  c.header('last-modified', img.modifiedAt.toUTCString());
  return c.body(new Uint8Array(img.bytes));
});
