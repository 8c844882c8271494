/**
 * !!! SECURITY CHOKE POINT — outgoing requests to merchant-chosen URLs !!!
 * A webhook URL is the merchant's input, so without these checks a store
 * could make our workers call internal services (SSRF). Unless private
 * targets are allowed (WEBHOOK_ALLOW_PRIVATE_TARGETS; default: allowed except
 * in production, since development receivers run on localhost):
 *
 * - when an endpoint is saved, its host must be a public address or resolve
 *   only to public addresses (`assertWebhookTargetAllowed`, 400 otherwise);
 * - when a delivery connects, the socket's own DNS lookup refuses every
 *   non-public answer (`guardedLookup`), so the address checked is the
 *   address connected to: a DNS answer that changes between save and send
 *   (rebinding) is caught before any connection is made.
 *
 * Which addresses are public: src/lib/ip-ranges.ts; the socket lookup:
 * src/lib/ssrf.ts. Redirects are never followed (a 3xx is recorded as a
 * failed delivery).
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Config } from '../../lib/config.js';
import { AppError } from '../../lib/errors.js';
import { isNonGlobalAddress } from '../../lib/ip-ranges.js';
import {
  allowsPrivateTargets,
  BlockedTargetError,
  guardedLookup,
  type Resolver,
  systemResolver,
} from '../../lib/ssrf.js';

/** Kept for callers and tests: true when the address is not publicly routable. */
export const isPrivateAddress = isNonGlobalAddress;

export { allowsPrivateTargets, BlockedTargetError, guardedLookup, type Resolver, systemResolver };

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[|\]$/g, '');
}

/** Throws when the URL's host is, or resolves to, any non-public address. */
export async function assertPublicTarget(url: string, resolve: Resolver = systemResolver): Promise<void> {
  const host = hostOf(url);
  const addresses = net.isIP(host) ? [{ address: host }] : await resolve(host).catch(() => []);
  const bad = addresses.find((a) => isNonGlobalAddress(a.address));
  if (bad || addresses.length === 0)
    throw new BlockedTargetError(`webhook target ${host} is not a public address`);
}

/** The save-time check: 400 validation_failed when the target is refused. */
export async function assertWebhookTargetAllowed(
  config: Pick<Config, 'WEBHOOK_ALLOW_PRIVATE_TARGETS' | 'isProduction'>,
  url: string,
  resolve: Resolver = systemResolver,
): Promise<void> {
  if (allowsPrivateTargets(config)) return;
  try {
    await assertPublicTarget(url, resolve);
  } catch {
    throw new AppError('validation_failed', 'The webhook URL must point to a public internet address', {
      issues: [{ path: 'url', message: 'must resolve only to public addresses' }],
    });
  }
}

export interface TargetResponse {
  status: number;
}

/**
 * POSTs `body` to `url` without following redirects. With `allowPrivate`
 * off, an IP literal host is judged before connecting and a name is resolved
 * only through `guardedLookup`.
 */
export async function postToTarget(
  url: string,
  opts: {
    headers: Record<string, string>;
    body: string;
    timeoutMs: number;
    allowPrivate: boolean;
    resolve?: Resolver;
  },
): Promise<TargetResponse> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new BlockedTargetError('unsupported protocol');
  const host = hostOf(url);
  if (!opts.allowPrivate && net.isIP(host) && isNonGlobalAddress(host))
    throw new BlockedTargetError(`webhook target ${host} is not a public address`);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise<TargetResponse>((resolvePromise, reject) => {
    const req = lib.request(
      u,
      {
        method: 'POST',
        headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) },
        agent: false,
        lookup: opts.allowPrivate ? undefined : guardedLookup(opts.resolve),
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        // Drain (bounded) and answer with the status; a redirect is not followed.
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > 64 * 1024) res.destroy();
        });
        res.on('close', () => resolvePromise({ status: res.statusCode ?? 0 }));
        res.on('error', () => resolvePromise({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
