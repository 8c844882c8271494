/**
 * The local-disk ImageStore: `<root>/<tenantId>/<imageId>.<ext>`. Writes go
 * to a temporary name and are renamed into place, so a reader never sees a
 * half-written image.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertImageKey, assertStorePrefix, type ImageStore } from './image-store.js';

export function localDiskImageStore(root: string): ImageStore {
  const fileOf = (key: string) => {
    assertImageKey(key);
    return path.join(root, key);
  };
  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomUUID()}.tmp`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, file);
    },
    async get(key) {
      const file = fileOf(key);
      try {
        const [bytes, st] = await Promise.all([fs.readFile(file), fs.stat(file)]);
        return { bytes, modifiedAt: st.mtime };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(key) {
      await fs.rm(fileOf(key), { force: true });
    },
    async deleteStore(tenantId) {
      assertStorePrefix(tenantId);
      await fs.rm(path.join(root, tenantId), { recursive: true, force: true });
    },
  };
}
