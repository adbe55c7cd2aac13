import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which IP addresses Cairn refuses to connect to when it fetches a URL a user named: loopback, private,
 * link-local (including the cloud metadata address 169.254.169.254), shared, documentation, benchmarking,
 * multicast and reserved ranges. Keeping these out is what stops a pasted URL from reaching the server's
 * own network (SSRF, DESIGN.md §7).
 *
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry/
 * @see https://www.iana.org/assignments/iana-ipv6-special-registry/
 */

type Ipv4Range = { base: number; mask: number };
type Ipv6Range = { base: bigint; mask: bigint };

const IPV4_BLOCKED: readonly Ipv4Range[] = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8', // private (RFC 1918)
  '100.64.0.0/10', // carrier-grade NAT (RFC 6598)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, incl. cloud metadata at 169.254.169.254
  '172.16.0.0/12', // private (RFC 1918)
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation (TEST-NET-1)
  '192.168.0.0/16', // private (RFC 1918)
  '198.18.0.0/15', // benchmarking (RFC 2544)
  '198.51.100.0/24', // documentation (TEST-NET-2)
  '203.0.113.0/24', // documentation (TEST-NET-3)
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved
  '255.255.255.255/32', // limited broadcast (also inside 240/4; listed for clarity)
].map(parseIpv4Range);

const IPV6_BLOCKED: readonly Ipv6Range[] = [
  '::/128', // unspecified
  '::1/128', // loopback
  // Deprecated IPv4-compatible addresses (::a.b.c.d, RFC 4291 §2.5.5.1); nothing public uses them, and
  // some stacks route ::127.0.0.1 to the IPv4 loopback. Covers :: and ::1 too.
  '::/96',
  '64:ff9b::/96', // NAT64 well-known prefix: a gateway would forward to the embedded IPv4 address
  '64:ff9b:1::/48', // NAT64 local-use prefix (RFC 8215)
  '100::/64', // discard-only (RFC 6666)
  '2001:db8::/32', // documentation
  'fc00::/7', // unique local
  'fe80::/10', // link-local
  'ff00::/8', // multicast
].map(parseIpv6Range);

/** IPv4-mapped addresses (::ffff:a.b.c.d) reach the embedded IPv4 address on a dual-stack socket. */
const IPV4_MAPPED = parseIpv6Range('::ffff:0:0/96');
/** 6to4 (2002:aabb:ccdd::/48, RFC 3056) carries an IPv4 address in bits 16..48. */
const SIX_TO_FOUR = parseIpv6Range('2002::/16');

/**
 * Whether Cairn must refuse to connect to `ip`.
 *
 * Pure: no DNS, no I/O. Anything that is not a plain IPv4 (dotted decimal) or IPv6 address, such as a
 * hostname or `0x7f.1`, counts as blocked, so a caller that forgets to resolve first fails closed.
 * IPv6 zone identifiers (`fe80::1%eth0`) are ignored. For IPv4-mapped (`::ffff:127.0.0.1`) and 6to4
 * addresses the embedded IPv4 address decides.
 *
 * @example
 * isBlockedAddress('169.254.169.254'); // true
 * isBlockedAddress('::ffff:10.0.0.1'); // true
 * isBlockedAddress('93.184.215.14');   // false
 */
export function isBlockedAddress(ip: string): boolean {
  const v4 = parseIpv4(ip);
  if (v4 !== undefined) {
    return isBlockedIpv4(v4);
  }
  const v6 = parseIpv6(ip);
  if (v6 === undefined) {
    return true;
  }
  if (inIpv6Range(v6, IPV4_MAPPED)) {
    return isBlockedIpv4(Number(v6 & 0xffff_ffffn));
  }
  if (inIpv6Range(v6, SIX_TO_FOUR)) {
    return isBlockedIpv4(Number((v6 >> 80n) & 0xffff_ffffn));
  }
  return IPV6_BLOCKED.some((range) => inIpv6Range(v6, range));
}

function isBlockedIpv4(address: number): boolean {
  return IPV4_BLOCKED.some((range) => (address & range.mask) >>> 0 === range.base);
}

function inIpv6Range(address: bigint, range: Ipv6Range): boolean {
  return (address & range.mask) === range.base;
}

/** Dotted-decimal IPv4 as an unsigned 32-bit number; undefined for anything else. */
function parseIpv4(text: string): number | undefined {
  if (!isIPv4(text)) {
    return undefined;
  }
  return text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** IPv6 (optionally with a zone and a dotted IPv4 tail) as a 128-bit bigint; undefined for anything else. */
function parseIpv6(text: string): bigint | undefined {
  const zoneAt = text.indexOf('%');
  let address = zoneAt === -1 ? text : text.slice(0, zoneAt);
  if (!isIPv6(address)) {
    return undefined;
  }
  // Rewrite a dotted IPv4 tail (::ffff:1.2.3.4) as two hex groups (::ffff:102:304).
  const lastColon = address.lastIndexOf(':');
  const tail = parseIpv4(address.slice(lastColon + 1));
  if (tail !== undefined) {
    address = `${address.slice(0, lastColon + 1)}${(tail >>> 16).toString(16)}:${(tail & 0xffff).toString(16)}`;
  }
  const halves = address.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups =
    halves.length === 2 ? [...head, ...Array(8 - head.length - rest.length).fill('0'), ...rest] : head;
  if (groups.length !== 8) {
    return undefined;
  }
  return groups.reduce((value, group) => (value << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

function parseIpv4Range(cidr: string): Ipv4Range {
  const [address = '', prefixText = ''] = cidr.split('/');
  const base = parseIpv4(address);
  const prefix = Number(prefixText);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new Error(`Bad IPv4 range ${cidr}`);
  }
  const mask = prefix === 0 ? 0 : (0xffff_ffff << (32 - prefix)) >>> 0;
  return { base: (base & mask) >>> 0, mask };
}

function parseIpv6Range(cidr: string): Ipv6Range {
  const [address = '', prefixText = ''] = cidr.split('/');
  const base = parseIpv6(address);
  const prefix = Number(prefixText);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 128) {
    throw new Error(`Bad IPv6 range ${cidr}`);
  }
  const all = (1n << 128n) - 1n;
  const mask = all ^ ((1n << BigInt(128 - prefix)) - 1n);
  return { base: base & mask, mask };
}
