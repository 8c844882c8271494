/** Test images and a loopback image server for the product image tests (no traffic leaves the machine). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { csrfFrom, getPage, pageLogin } from '../auth/page-helpers.js';
import { seedShop } from '../storefront/fixture.js';
import { testPlatform } from '../support/platform.js';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A solid-colour RGB PNG of w×h pixels. */
export function makePng(w: number, h: number, rgb: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface ImageServer {
  url: (path: string) => string;
  requests: string[];
  connections: () => number;
  close: () => Promise<void>;
}

/** A loopback server: /img.png answers `png`, /page.html answers HTML, /moved redirects to /img.png, else 404. */
export async function startImageServer(png: Buffer): Promise<ImageServer> {
  const requests: string[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/img.png') {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
      res.end(png);
    } else if (req.url === '/page.html') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end('<html><script>alert(1)</script></html>');
    } else if (req.url === '/moved') {
      res.writeHead(302, { location: '/img.png' });
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    connections: () => connections,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A platform, a seeded shop and its owner signed in on the mug's editor (cookie, CSRF token). */
export async function mugEditor(env?: Record<string, string>) {
  const p = await testPlatform(env ? { env } : {});
  const shop = await seedShop(p.deps);
  const host = shop.store.host;
  const { cookie } = await pageLogin(
    p.app,
    host,
    '/admin/login',
    shop.store.owner.email,
    shop.store.owner.password,
  );
  const editor = `/admin/products/${shop.mug.id}`;
  const page = await getPage(p.app, host, editor, cookie);
  return { p, shop, host, cookie, editor, page, csrf: csrfFrom(page.text) };
}
