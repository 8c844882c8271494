/**
 * The caller's IP address, for rate limits and the audit log, and the Host a
 * trusted proxy forwarded.
 *
 * Without TRUST_PROXY it is the socket peer. With TRUST_PROXY (a hop count or
 * proxy addresses, see src/lib/config.ts) it is the first untrusted address
 * counted from the right of `socket peer ← X-Forwarded-For` (`proxy-addr`):
 * entries a client writes itself sit to the left of what our proxies append,
 * so they are never reached. Undefined when no address is known (in-process
 * requests such as `app.request()` in tests have no socket; with a hop count
 * such a caller stands in for the nearest proxy).
 */
import type { Context } from 'hono';
import proxyAddr from 'proxy-addr';
import type { TrustProxy } from '../config.js';
import type { AppEnv } from './context.js';

type TrustFn = (addr: string, i: number) => boolean;
const compiled = new WeakMap<TrustProxy, TrustFn>();

/** The trust function for a TRUST_PROXY setting (hop i trusted when i < hops, or address in ranges). */
export function trustFunction(trust: TrustProxy): TrustFn {
  let fn = compiled.get(trust);
  if (!fn) {
    if ('ranges' in trust) fn = proxyAddr.compile(trust.ranges);
    else {
      const hops = trust.hops;
      fn = (_addr, i) => i < hops;
    }
    compiled.set(trust, fn);
  }
  return fn;
}

/** The socket's remote address (IPv4-mapped IPv6 shown as IPv4), if there is a socket. */
export function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const addr = env?.incoming?.socket?.remoteAddress;
  return addr ? unmapIPv4(addr) : undefined;
}

function unmapIPv4(addr: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  return m ? m[1]! : addr;
}

/** Whether the direct peer is a trusted proxy (so its X-Forwarded-* headers count). */
export function peerIsTrustedProxy(c: Context<AppEnv>): boolean {
  const { trustProxy, TRUST_PROXY } = c.get('deps').config;
  if (!TRUST_PROXY) return false;
  const peer = socketAddress(c);
  if (!peer) return 'hops' in trustProxy;
  return trustFunction(trustProxy)(peer, 0);
}

export function clientIp(c: Context<AppEnv>): string | undefined {
  const { trustProxy, TRUST_PROXY } = c.get('deps').config;
  const peer = socketAddress(c);
  if (!TRUST_PROXY) return peer;
  if (!peer && !('hops' in trustProxy)) return undefined;
  const req = {
    socket: { remoteAddress: peer ?? '' },
    headers: { 'x-forwarded-for': c.req.header('x-forwarded-for') ?? '' },
  };
  const chain = proxyAddr.all(req as never, trustFunction(trustProxy));
  if (chain.length === 1 && !peer) return undefined;
  return unmapIPv4(chain[chain.length - 1]!).slice(0, 64);
}

/** X-Forwarded-Host as set by our nearest trusted proxy (its rightmost entry), else undefined. */
export function forwardedHost(c: Context<AppEnv>): string | undefined {
  if (!peerIsTrustedProxy(c)) return undefined;
  const entries = c.req.header('x-forwarded-host')?.split(',') ?? [];
  return entries[entries.length - 1]?.trim() || undefined;
}
