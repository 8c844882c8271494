/**
 * !!! SECURITY CHOKE POINT — token signing keys !!!
 * ES256 keys with key ids. The first key signs; every listed key verifies, so
 * rotation is: prepend a new key, keep the old one until its tokens expired,
 * then retire it (remove it from the list).
 *
 * Keys come from JWT_SIGNING_KEYS (a JSON array of private JWKs with `kid`).
 * Without it, development generates a key once and keeps it under
 * DATA_DIR/keys/jwks.json; tests keep an ephemeral key in memory.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

export const JWT_ALG = 'ES256';

interface LoadedKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export interface KeyStore {
  readonly activeKid: string;
  readonly kids: readonly string[];
  sign(
    claims: JWTPayload,
    opts: { subject: string; audience: string; expiresInSeconds: number },
  ): Promise<string>;
  /** Verifies signature (allowlisted alg, known kid), issuer, audience and expiry. Throws on any failure. */
  verify(token: string, audience: string | string[]): Promise<JWTPayload>;
}

export async function generateJwk(kid = randomUUID()): Promise<JWK> {
  const { privateKey } = await generateKeyPair(JWT_ALG, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: JWT_ALG, use: 'sig' };
}

async function loadKey(jwk: JWK): Promise<LoadedKey> {
  if (!jwk.kid) throw new Error('JWT_SIGNING_KEYS: every key needs a kid');
  if (!jwk.d) throw new Error(`JWT_SIGNING_KEYS: key ${jwk.kid} is not a private key`);
  const privateKey = (await importJWK({ ...jwk, alg: JWT_ALG }, JWT_ALG)) as CryptoKey;
  const { d: _d, ...pub } = jwk;
  const publicKey = (await importJWK({ ...pub, alg: JWT_ALG }, JWT_ALG)) as CryptoKey;
  return { kid: jwk.kid, privateKey, publicKey };
}

export async function createKeyStore(jwks: JWK[], issuer: string): Promise<KeyStore> {
  if (jwks.length === 0) throw new Error('JWT_SIGNING_KEYS: at least one key is required');
  const keys = await Promise.all(jwks.map(loadKey));
  const byKid = new Map(keys.map((k) => [k.kid, k]));
  const active = keys[0]!;
  return {
    activeKid: active.kid,
    kids: keys.map((k) => k.kid),
    async sign(claims, opts) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: JWT_ALG, kid: active.kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(opts.audience)
        .setSubject(opts.subject)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(Math.floor(Date.now() / 1000) + opts.expiresInSeconds)
        .sign(active.privateKey);
    },
    async verify(token, audience) {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? byKid.get(header.kid) : undefined;
          if (!key) throw new Error('unknown key id');
          return key.publicKey;
        },
        { algorithms: [JWT_ALG], issuer, audience },
      );
      return payload;
    },
  };
}

/** Parses JWT_SIGNING_KEYS, or loads/creates the development key file. */
export async function loadSigningKeys(opts: {
  configured?: string;
  dataDir: string;
  ephemeral: boolean;
}): Promise<JWK[]> {
  if (opts.configured) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(opts.configured);
    } catch {
      throw new Error('JWT_SIGNING_KEYS: not valid JSON (expected an array of private JWKs)');
    }
    if (!Array.isArray(parsed)) throw new Error('JWT_SIGNING_KEYS: expected an array of private JWKs');
    return parsed as JWK[];
  }
  if (opts.ephemeral) return [await generateJwk()];
  const file = path.join(opts.dataDir, 'keys', 'jwks.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JWK[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const keys = [await generateJwk()];
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}
