/**
 * !!! SECURITY CHOKE POINT — GET of a merchant-typed URL (image import) !!!
 * Same guard as webhook delivery (src/lib/ssrf.ts): unless private targets
 * are allowed, an IP-literal host must be public and a name is resolved only
 * through `guardedLookup`, so no connection is ever opened to a private,
 * loopback or metadata address. Redirects are followed at most `maxRedirects`
 * times, each hop through the same guard. The body is capped at `maxBytes`
 * (the socket is destroyed past it) and the whole request at `timeoutMs`.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { isNonGlobalAddress } from './ip-ranges.js';
import { BlockedTargetError, guardedLookup, type Resolver } from './ssrf.js';

export class FetchFailedError extends Error {
  constructor(
    readonly reason: 'status' | 'too_large' | 'network' | 'redirects',
    message: string,
  ) {
    super(message);
  }
}

export interface GuardedGetOptions {
  allowPrivate: boolean;
  resolve?: Resolver;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
}

export interface GuardedGetResult {
  bytes: Buffer;
  contentType: string | null;
}

function getOnce(u: URL, opts: GuardedGetOptions, signal: AbortSignal) {
  return new Promise<{ status: number; location?: string; result?: GuardedGetResult }>((resolve, reject) => {
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(
      u,
      {
        method: 'GET',
        headers: { accept: 'image/*', 'user-agent': 'Storeloom-ImageImport/1' },
        agent: false,
        lookup: opts.allowPrivate ? undefined : guardedLookup(opts.resolve, 'image address'),
        signal,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          return resolve({ status, location: res.headers.location });
        }
        if (status !== 200) {
          res.resume();
          return resolve({ status });
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > opts.maxBytes) {
          res.destroy();
          return reject(new FetchFailedError('too_large', `larger than ${opts.maxBytes} bytes`));
        }
        const chunks: Buffer[] = [];
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > opts.maxBytes) {
            res.destroy();
            reject(new FetchFailedError('too_large', `larger than ${opts.maxBytes} bytes`));
          } else chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status,
            result: { bytes: Buffer.concat(chunks), contentType: res.headers['content-type'] ?? null },
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** GETs `url` through the SSRF guard; throws BlockedTargetError or FetchFailedError. */
export async function guardedGet(url: string, opts: GuardedGetOptions): Promise<GuardedGetResult> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let u = new URL(url);
  for (let hop = 0; hop <= (opts.maxRedirects ?? 3); hop++) {
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new BlockedTargetError('unsupported protocol');
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (!opts.allowPrivate && net.isIP(host) && isNonGlobalAddress(host))
      throw new BlockedTargetError(`image address ${host} is not a public address`);
    let r: Awaited<ReturnType<typeof getOnce>>;
    try {
      r = await getOnce(u, opts, signal);
    } catch (err) {
      if (err instanceof BlockedTargetError || err instanceof FetchFailedError) throw err;
      if ((err as { code?: string }).code === 'EBLOCKEDTARGET') throw err;
      throw new FetchFailedError('network', (err as Error).message);
    }
    if (r.result) return r.result;
    if (!r.location) throw new FetchFailedError('status', `answered HTTP ${r.status}`);
    u = new URL(r.location, u);
  }
  throw new FetchFailedError('redirects', 'too many redirects');
}
