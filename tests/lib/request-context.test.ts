/**
 * The request-context AsyncLocalStorage (hono/context-storage, mounted in
 * src/app.ts) runs only where a page can render: layout components read the
 * request through it, while a JSON request outside it keeps its Context out
 * of every promise, timer and socket it creates (which otherwise kept the
 * request's whole graph alive across young-generation GCs).
 */
import { tryGetContext } from 'hono/context-storage';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

describe('request context storage', () => {
  it('holds the Context for page paths and not for the JSON API', async () => {
    const { deps } = await testPlatform();
    const store = await createTestStore(deps);
    const app = createApp(deps);
    // Probes answer after the app's own middleware (registered last, matched after it).
    app.get('/api/store/context-probe', (c) => c.json({ held: tryGetContext() !== undefined }));
    app.get('/context-probe', (c) => c.json({ held: tryGetContext() !== undefined }));

    const fromApi = await request(app, 'GET', '/api/store/context-probe', { host: store.host });
    expect(fromApi.status).toBe(200);
    expect(fromApi.body).toEqual({ held: false });

    const fromPage = await request(app, 'GET', '/context-probe', {
      host: store.host,
      headers: { accept: 'text/html' },
    });
    expect(fromPage.status).toBe(200);
    expect(fromPage.body).toEqual({ held: true });
  });
});
