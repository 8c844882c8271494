/** The image store of this process: local disk under DATA_DIR/images (see ./image-store.ts for the interface). */
import path from 'node:path';
import type { ImageStore } from './image-store.js';
import { localDiskImageStore } from './local-disk.js';

const stores = new Map<string, ImageStore>();

export function imageStoreFor(config: { dataDir: string }): ImageStore {
  const root = path.join(config.dataDir, 'images');
  let s = stores.get(root);
  if (!s) {
    s = localDiskImageStore(root);
    stores.set(root, s);
  }
  return s;
}
