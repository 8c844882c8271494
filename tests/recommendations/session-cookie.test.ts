/**
 * The anonymous recommendation session's Set-Cookie is written from attributes prepared once
 * (store-routes.ts): byte for byte what hono's cookie helper writes for the same options, on http and
 * https, so browsers keep the same cookie (name, lifetime, path, HttpOnly, SameSite, Secure on https).
 */
import { randomUUID } from 'node:crypto';
import { generateCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE, sessionCookieFor } from '../../src/modules/recommendations/store-routes.js';

const helper = (id: string, secure: boolean) =>
  generateCookie(SESSION_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    maxAge: 180 * 86_400,
  });

describe('recommendation session cookie', () => {
  it("is exactly what hono's setCookie writes, on http and on https", () => {
    const id = randomUUID().replaceAll('-', '');
    expect(sessionCookieFor(id, false)).toBe(helper(id, false));
    expect(sessionCookieFor(id, true)).toBe(helper(id, true));
    expect(sessionCookieFor(id, true)).toContain('; Secure');
    expect(sessionCookieFor(id, false)).not.toContain('Secure');
  });
});
