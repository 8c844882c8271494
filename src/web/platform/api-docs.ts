/**
 * /api/docs — Swagger UI over /api/openapi.json, served entirely from the
 * `swagger-ui-dist` package (no CDN: the docs work offline and behind a
 * strict CSP). The page's bootstrap is a static script file, not inline.
 * Only the listed files are served, read once and cached in memory.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';

const DIST = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Storeloom API</title>
<link rel="icon" href="/api/docs/favicon-32x32.png">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"></main>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

const cache = new Map<string, Uint8Array<ArrayBuffer>>();

async function distFile(name: string): Promise<Uint8Array<ArrayBuffer>> {
  let body = cache.get(name);
  if (!body) {
    body = new Uint8Array(await readFile(path.join(DIST, name)));
    cache.set(name, body);
  }
  return body;
}

export const apiDocsPages = new Hono<AppEnv>()
  // Browsers ask every host for /favicon.ico; pages that name no icon get "no content" instead of a 404.
  .get('/favicon.ico', (c) => c.body(null, 204, { 'cache-control': 'public, max-age=86400' }))
  .get('/api/docs', (c) => c.html(PAGE))
  .get('/api/docs/init.js', (c) =>
    c.body(INIT_JS, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  )
  .get('/api/docs/:file', async (c) => {
    const name = c.req.param('file');
    const type = FILES[name];
    if (!type) throw new AppError('not_found', 'Not found');
    return c.body(await distFile(name), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    });
  });
