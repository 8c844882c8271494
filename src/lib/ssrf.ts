/**
 * !!! SECURITY CHOKE POINT — the socket-level half of the SSRF guard !!!
 * Outgoing requests to URLs a merchant typed (webhook targets, product image
 * imports) resolve their host only through `guardedLookup`: every address
 * the name resolves to must be public (src/lib/ip-ranges.ts), so the address
 * checked is the address connected to and a DNS answer that changes between
 * a save-time check and the request (rebinding) is refused before any
 * connection is made. Tests inject a `Resolver` stub instead of real DNS.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { Config } from './config.js';
import { isNonGlobalAddress } from './ip-ranges.js';

export class BlockedTargetError extends Error {
  readonly code = 'EBLOCKEDTARGET';
}

/** A resolver with dns.lookup's `all: true` shape; tests pass a stub. */
export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    );
  });

/** Whether merchant-chosen targets may be loopback/private under this configuration (development receivers). */
export function allowsPrivateTargets(config: Pick<Config, 'WEBHOOK_ALLOW_PRIVATE_TARGETS' | 'isProduction'>) {
  return config.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? !config.isProduction;
}

/**
 * A `lookup` for sockets that answers only public addresses: every address
 * the name resolves to must be public (one bad answer refuses the lot).
 */
export function guardedLookup(resolve: Resolver = systemResolver, what = 'webhook target'): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const bad = addresses.find((a) => isNonGlobalAddress(a.address));
        if (bad || addresses.length === 0) {
          callback(new BlockedTargetError(`${what} ${hostname} resolves to a non-public address`), '', 4);
          return;
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    );
  };
}
