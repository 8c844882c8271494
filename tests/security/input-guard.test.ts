/**
 * Bad input is a 400, never a 500 (issue #11 item 7): the cases the issue
 * found, the central guard (path, query, JSON and form bodies), the shared
 * text rule and the PostgreSQL last line of defence.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/errors.js';
import { fromBadInput } from '../../src/lib/http/errors.js';
import { findUnsafeText, isSafeText, zText } from '../../src/lib/text.js';
import { createTestStore } from '../support/factories.js';
import { APEX_HOST, request, testPlatform } from '../support/platform.js';

describe('text rule', () => {
  it('refuses NUL, other C0 controls and lone surrogates; keeps tab, newline, CR and real Unicode', () => {
    for (const bad of ['a\u0000b', '\u0001', '\u001f', '\u000b', '\ud800', 'x\udfff', '\udc00\ud800'])
      expect(isSafeText(bad), JSON.stringify(bad)).toBe(false);
    for (const ok of ['plain', 'tab\there', 'lines\nand\r\n', 'émoji 🧶', '中文', '\u007f', ''])
      expect(isSafeText(ok), JSON.stringify(ok)).toBe(true);
    expect(zText().max(5).safeParse('ab\u0000').success).toBe(false);
    expect(zText().max(5).safeParse('ab\n').success).toBe(true);
    expect(findUnsafeText({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toBe('a.1.c');
    expect(findUnsafeText({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(findUnsafeText({ a: 'fine', n: 1e308 })).toBeUndefined();
  });

  it('maps PostgreSQL bad-input errors (also when wrapped) and URIError to 400', () => {
    for (const code of ['22021', '22P05', '22009', '22008', '22007', '22003', '54000']) {
      const e = Object.assign(new Error('pg'), { code });
      expect(fromBadInput(e)?.code, code).toBe('validation_failed');
      const wrapped = new AppError('internal_error', 'x', { cause: e });
      expect(fromBadInput(wrapped)?.code, `wrapped ${code}`).toBe('validation_failed');
    }
    expect(fromBadInput(new URIError('URI malformed'))?.status).toBe(400);
    expect(fromBadInput(Object.assign(new Error('x'), { code: '40001' }))).toBeUndefined();
    expect(fromBadInput(new Error('boom'))).toBeUndefined();
  });
});

describe('central input guard', () => {
  it('answers the issue’s 500s with 400 validation_failed', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const cursor = Buffer.from(
      JSON.stringify({
        s: 'newest',
        k: '2026-01-01 00:00:00+99:99',
        id: '8e1c66cb-710a-4d37-9f5e-2a4c1b7d3e10',
      }),
    ).toString('base64url');
    const cases: Array<[string, string]> = [
      [store.host, '/api/store/products/%00'],
      [store.host, '/api/store/products?category=%00'],
      [store.host, `/api/store/products?cursor=${cursor}`],
      [store.host, '/template-assets/x/%E0%A4%A'],
      [store.host, '/template-assets/x/%ED%A0%80'],
      [store.host, '/search?q=a%00b'],
      [APEX_HOST, '/dev/mail?to=%00'],
      [APEX_HOST, '/api/signup/handle-availability?handle=%'],
    ];
    for (const [host, path] of cases) {
      const res = await request(p.app, 'GET', path, { host });
      expect(res.status, path).toBe(400);
      if (path.startsWith('/api/')) expect(res.body.error.code, path).toBe('validation_failed');
    }
  });

  it('refuses control characters and lone surrogates in JSON and form bodies', async () => {
    const p = await testPlatform();
    for (const raw of ['{"email":"a\\u0000@x.test","password":"x"}', '{"email":"\\ud800","password":"x"}']) {
      const res = await request(p.app, 'POST', '/api/auth/login', {
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, raw).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.issues[0].path).toBe('body.email');
    }
    const form = await request(p.app, 'POST', '/forgot-password', {
      raw: 'email=a%00b%40x.test',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: `http://${APEX_HOST}`,
        accept: 'text/html',
      },
    });
    expect(form.status).toBe(400);
    // Malformed JSON is still the validator's invalid_json.
    const broken = await request(p.app, 'POST', '/api/auth/login', {
      raw: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.body.error.code).toBe('invalid_json');
  });
});
