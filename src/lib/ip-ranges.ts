/**
 * Which IP addresses are globally routable. Used by the SSRF guard for
 * merchant webhooks (src/modules/webhooks/target.ts): anything that is not a
 * plain public unicast address is refused.
 *
 * IPv4: the IANA special-purpose registry's non-global blocks (this network,
 * private, CGNAT, loopback, link-local incl. cloud metadata, protocol
 * assignments, documentation, benchmarking, 6to4 relay, multicast, reserved,
 * broadcast).
 * IPv6: only global unicast (2000::/3) can pass, so the unspecified and
 * loopback addresses, IPv4-compatible (::/96), IPv4-mapped (::ffff:0:0/96),
 * NAT64 (64:ff9b::/96, 64:ff9b:1::/48), discard (100::/64), unique-local
 * (fc00::/7), link-local (fe80::/10), site-local and multicast are refused by
 * construction; inside 2000::/3 the tunnelling and special blocks that can
 * reach an IPv4 or internal host (6to4 2002::/16, Teredo and the IETF block
 * 2001::/23, documentation 2001:db8::/32 and 3fff::/20) are refused as well.
 */
import net from 'node:net';

const V4_NON_GLOBAL: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.31.196.0', 24],
  ['192.52.193.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['192.175.48.0', 24],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const V6_NON_GLOBAL_INSIDE_2000: ReadonlyArray<readonly [string, number]> = [
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['3fff::', 20],
];

const v4Blocked = new net.BlockList();
for (const [a, p] of V4_NON_GLOBAL) v4Blocked.addSubnet(a, p, 'ipv4');
const v6Global = new net.BlockList();
v6Global.addSubnet('2000::', 3, 'ipv6');
const v6Blocked = new net.BlockList();
for (const [a, p] of V6_NON_GLOBAL_INSIDE_2000) v6Blocked.addSubnet(a, p, 'ipv6');

/**
 * True when `address` (an IP literal, brackets allowed) is NOT a public
 * unicast address. Anything that is not an IP literal counts as non-global.
 */
export function isNonGlobalAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  const family = net.isIP(ip);
  if (family === 4) return v4Blocked.check(ip, 'ipv4');
  if (family === 6) {
    // A zone id (fe80::1%eth0) only exists on link-local addresses.
    if (ip.includes('%')) return true;
    return !v6Global.check(ip, 'ipv6') || v6Blocked.check(ip, 'ipv6');
  }
  return true;
}

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z). */
export function isLoopbackAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const family = net.isIP(ip);
  if (family === 4) return loopback.check(ip, 'ipv4');
  if (family === 6) return loopback.check(ip, 'ipv6');
  return false;
}
