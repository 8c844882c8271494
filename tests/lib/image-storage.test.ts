/** The image store's local-disk adapter and the magic-byte sniffer. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageKey } from '../../src/lib/storage/image-store.js';
import { localDiskImageStore } from '../../src/lib/storage/local-disk.js';
import { sniffImageType } from '../../src/lib/storage/sniff.js';
import { makePng } from '../catalog/image-fixtures.js';

describe('sniffImageType', () => {
  it('knows PNG, JPEG, GIF and WebP by their bytes and nothing else', () => {
    expect(sniffImageType(makePng(1, 1, [0, 0, 0]))).toBe('image/png');
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a\x01\x00', 'latin1'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.from([0x89, 0x50]))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
  });
});

describe('local-disk image store', () => {
  it('puts, gets and deletes by key, and refuses keys that are not tenant/image.ext', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'img-store-'));
    const store = localDiskImageStore(root);
    const key = imageKey(randomUUID(), randomUUID(), 'png');
    const bytes = makePng(2, 2, [9, 9, 9]);
    expect(await store.get(key)).toBeNull();
    await store.put(key, bytes);
    const got = await store.get(key);
    expect(got?.bytes.equals(bytes)).toBe(true);
    expect(await fs.readFile(path.join(root, key))).toEqual(bytes);
    expect((await fs.readdir(path.dirname(path.join(root, key)))).filter((f) => f.endsWith('.tmp'))).toEqual(
      [],
    );
    await store.delete(key);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    for (const bad of [
      '../x.png',
      `${randomUUID()}/../../etc.png`,
      `${randomUUID()}/${randomUUID()}.svg`,
      'a/b.png',
    ])
      await expect(store.get(bad), bad).rejects.toThrow(/not an image key/);
    expect(() => imageKey('../..', randomUUID(), 'png')).toThrow();
    await fs.rm(root, { recursive: true, force: true });
  });
});
