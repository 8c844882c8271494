/**
 * Where uploaded product images live: one small interface so the catalog
 * does not care whether bytes sit on local disk under DATA_DIR or in an
 * S3-compatible bucket. Only the local-disk adapter exists (./local-disk.ts);
 * an S3 adapter would implement the same calls (PutObject, GetObject,
 * DeleteObject; ListObjects + DeleteObjects for a store's prefix) and be chosen in `imageStoreFor` (./store-for.ts) by
 * configuration.
 *
 * Keys are `<tenantId>/<imageId>.<ext>`, built only by the catalog from ids
 * it generated and an extension the sniffer chose; adapters still refuse any
 * other shape, so a key can never walk out of the store's root.
 */
export interface StoredObject {
  bytes: Buffer;
  /** Last write, for Last-Modified. */
  modifiedAt: Date;
}

export interface ImageStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** null when there is no such object. */
  get(key: string): Promise<StoredObject | null>;
  /** Deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Every object of one store (a purged store: keys `<tenantId>/…`). Deleting
   * none is not an error, so it can be retried. An S3 adapter would list the
   * prefix and DeleteObjects it.
   */
  deleteStore(tenantId: string): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}\.(png|jpg|webp|gif)$/;

const TENANT = /^[0-9a-f-]{36}$/;

/** A store's prefix is its id and nothing else (never `..`, never empty). */
export function assertStorePrefix(tenantId: string): void {
  if (!TENANT.test(tenantId)) throw new Error(`not a store id: ${tenantId}`);
}

export function assertImageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not an image key: ${key}`);
}

export function imageKey(tenantId: string, imageId: string, ext: string): string {
  const key = `${tenantId}/${imageId}.${ext}`;
  assertImageKey(key);
  return key;
}
