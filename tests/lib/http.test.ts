/** The HTTP skeleton: probes, Host → site resolution, and the error envelope for bad input. */
import { describe, expect, it } from 'vitest';
import { createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

describe('probes', () => {
  it('answers /healthz and /readyz', async () => {
    const { app } = await testPlatform();
    expect((await request(app, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(app, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', database: true, queue: true });
  });
});

describe('host resolution', () => {
  it('answers 404 store_not_found for an unknown store host, JSON under /api', async () => {
    const { app } = await testPlatform();
    const res = await request(app, 'GET', '/api/store/products', { host: 'no-such-store.localhost:3000' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('store_not_found');
    expect(res.body.error.requestId).toMatch(/./);
  });

  it('answers an HTML page for an unknown store host outside /api', async () => {
    const { app } = await testPlatform();
    const res = await request(app, 'GET', '/', {
      host: 'no-such-store.localhost:3000',
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('There is no store at this address');
    expect(res.text).not.toMatch(/\.ts:\d+/);
  });

  it('rejects malformed hosts and nested subdomains', async () => {
    const { app, deps } = await testPlatform();
    const store = await createTestStore(deps);
    for (const host of [`x.${store.host}`, 'bad_host!.localhost:3000', `${store.tenant.handle}.evil.test`]) {
      const res = await request(app, 'GET', '/api/store/products', { host });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('store_not_found');
    }
  });

  it('uses X-Forwarded-Host only when TRUST_PROXY=1', async () => {
    const plain = await testPlatform();
    const store = await createTestStore(plain.deps);
    const headers = { 'x-forwarded-host': 'no-such-store.localhost:3000' };
    const ignored = await request(plain.app, 'GET', '/api/store/nothing-here', { host: store.host, headers });
    expect(ignored.body.error.code).toBe('not_found');
    const trusted = await testPlatform({ env: { TRUST_PROXY: '1' } });
    const used = await request(trusted.app, 'GET', '/api/store/nothing-here', { host: store.host, headers });
    expect(used.body.error.code).toBe('store_not_found');
  });

  it('answers 503 store_unavailable on the store API of a suspended store', async () => {
    const { app, deps } = await testPlatform();
    const store = await createTestStore(deps, { status: 'suspended' });
    const res = await request(app, 'GET', '/api/store/products', { host: store.host });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('store_unavailable');
  });
});

describe('error envelope', () => {
  it('turns malformed JSON into 400 invalid_json', async () => {
    const { app } = await testPlatform();
    const res = await request(app, 'POST', '/api/signup', {
      raw: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    expect([400, 404]).toContain(res.status);
    if (res.status === 400) expect(res.body.error.code).toBe('invalid_json');
  });

  it('turns an oversized body into 413 payload_too_large', async () => {
    const { app } = await testPlatform();
    const res = await request(app, 'POST', '/api/signup', {
      raw: JSON.stringify({ x: 'a'.repeat(1_100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('judges a body with Content-Length by its header (413 before reading it)', async () => {
    const { app } = await testPlatform();
    const big = await request(app, 'POST', '/api/signup', {
      raw: '{}',
      headers: { 'content-type': 'application/json', 'content-length': '5000000' },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const small = await request(app, 'POST', '/api/signup', {
      raw: '{}',
      headers: { 'content-type': 'application/json', 'content-length': '2' },
    });
    expect(small.status).toBe(400);
    expect(small.body.error.code).toBe('validation_failed');
  });

  it('answers unknown routes with 404 not_found in the envelope', async () => {
    const { app } = await testPlatform();
    const res = await request(app, 'GET', '/api/nothing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: { code: 'not_found', message: 'Not found', requestId: expect.any(String) },
    });
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const { app } = await testPlatform();
    const ok = await request(app, 'GET', '/api/nothing', { headers: { 'x-request-id': 'abc-123' } });
    expect(ok.body.error.requestId).toBe('abc-123');
    const bad = await request(app, 'GET', '/api/nothing', { headers: { 'x-request-id': '<script>' } });
    expect(bad.body.error.requestId).not.toBe('<script>');
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document', async () => {
    const { app } = await testPlatform();
    const res = await request(app, 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.paths['/healthz']).toBeDefined();
  });
});
