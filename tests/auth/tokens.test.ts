/** Access tokens: key rotation (previous key verifies until retired), alg allowlist, iss/aud/exp/signature checks. */
import { createHmac } from 'node:crypto';
import { importJWK, type JWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createKeyStore, generateJwk } from '../../src/lib/auth/keys.js';
import { issueUserToken, USER_AUDIENCE, verifyAccessToken } from '../../src/lib/auth/tokens.js';
import { createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function signWith(
  jwk: JWK,
  claims: Record<string, unknown>,
  opts: { iss?: string; aud?: string; exp?: number; alg?: string } = {},
) {
  const key = await importJWK(jwk, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid!, typ: 'JWT' })
    .setIssuer(opts.iss ?? 'storeloom')
    .setAudience(opts.aud ?? USER_AUDIENCE)
    .setIssuedAt(now - 10)
    .setExpirationTime(opts.exp ?? now + 300)
    .sign(key);
}

describe('signing key rotation', () => {
  it('a token from the previous key verifies while listed and is rejected once retired', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const oldKey = await generateJwk('key-old-0-0-0');
    const newKey = await generateJwk('key-new-0-0-0');
    const before = await createKeyStore([oldKey], 'storeloom');
    const rotated = await createKeyStore([newKey, oldKey], 'storeloom');
    const retired = await createKeyStore([newKey], 'storeloom');
    const oldToken = (await issueUserToken(before, store.owner.id, 900)).accessToken;
    const newToken = (await issueUserToken(rotated, store.owner.id, 900)).accessToken;
    expect(JSON.parse(Buffer.from(newToken.split('.')[0]!, 'base64url').toString()).kid).toBe(
      'key-new-0-0-0',
    );

    const call = (keys: typeof rotated, token: string) =>
      request(createApp({ ...p.deps, keys }), 'GET', '/api/admin/staff', { host: store.host, token });
    expect((await call(rotated, oldToken)).status).toBe(200);
    expect((await call(rotated, newToken)).status).toBe(200);
    expect((await call(retired, oldToken)).status).toBe(401);
    expect((await call(retired, newToken)).status).toBe(200);
  });
});

describe('token verification refuses', () => {
  it('alg none, HS256, wrong issuer/audience, expiry, forged signature, unknown kid', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const jwk = await generateJwk('key-k1-0-0-0');
    const keys = await createKeyStore([jwk], 'storeloom');
    const app = createApp({ ...p.deps, keys });
    const sub = store.owner.id;
    const now = Math.floor(Date.now() / 1000);
    const payload = { typ: 'user', sub, iss: 'storeloom', aud: USER_AUDIENCE, iat: now, exp: now + 300 };

    const good = await signWith(jwk, { typ: 'user', sub });
    expect((await request(app, 'GET', '/api/admin/staff', { host: store.host, token: good })).status).toBe(
      200,
    );

    const none = `${b64({ alg: 'none', typ: 'JWT', kid: 'key-k1-0-0-0' })}.${b64(payload)}.`;
    const hsHead = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'key-k1-0-0-0' })}.${b64(payload)}`;
    const hs256 = `${hsHead}.${createHmac('sha256', JSON.stringify(jwk.x)).update(hsHead).digest('base64url')}`;
    const wrongIss = await signWith(jwk, { typ: 'user', sub }, { iss: 'someone-else' });
    const wrongAud = await signWith(
      jwk,
      { typ: 'user', sub },
      { aud: 'storeloom:store:00000000-0000-0000-0000-000000000001' },
    );
    const expired = await signWith(jwk, { typ: 'user', sub }, { exp: now - 60 });
    const [h, , s] = good.split('.');
    const forged = `${h}.${b64({ ...payload, sub: '11111111-1111-4111-8111-111111111111' })}.${s}`;
    const otherKey = await generateJwk('key-k1-0-0-0'); // same kid, different key
    const foreign = await signWith(otherKey, { typ: 'user', sub });
    const unknownKid = await signWith(await generateJwk('key-k9-0-0-0'), { typ: 'user', sub });

    for (const token of [none, hs256, wrongIss, wrongAud, expired, forged, foreign, unknownKid]) {
      expect(await verifyAccessToken(keys, token)).toBeUndefined();
      const res = await request(app, 'GET', '/api/admin/staff', { host: store.host, token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it('issued access tokens live at most 15 minutes', async () => {
    const p = await testPlatform();
    const { accessToken, expiresIn } = await issueUserToken(
      p.deps.keys,
      '11111111-1111-4111-8111-111111111111',
      p.deps.config.ACCESS_TOKEN_TTL_SECONDS,
    );
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());
    expect(expiresIn).toBeLessThanOrEqual(900);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(900);
  });
});
