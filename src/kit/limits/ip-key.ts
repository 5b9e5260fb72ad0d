import { isIPv4, isIPv6 } from 'node:net';

/**
 * The rate-limit key of a client address. IPv4 is keyed by address; IPv6 by its /64,
 * because one subscriber usually holds a whole /64 and could otherwise rotate through
 * 2^64 addresses to buy fresh budgets. IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is IPv4.
 *
 * @example
 * ipKey('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 */
export function ipKey(ip: string): string {
  if (isIPv4(ip)) return ip;
  const lower = ip.toLowerCase();
  if (lower.startsWith('::ffff:') && isIPv4(lower.slice(7))) return lower.slice(7);
  if (!isIPv6(lower)) return `?${detached(lower.slice(0, 64))}`;
  const groups = expandIpv6(lower);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/**
 * A copy of a short string that does not point into the string it was cut from: V8 makes
 * `slice()` of 13+ characters a view that keeps the whole parent alive, and a limiter key
 * cut from a 16 KiB forwarded "address" would pin all 16 KiB for as long as the key lives.
 * UTF-16 round trip: exact for every code unit, lone surrogates included.
 */
function detached(value: string): string {
  return Buffer.from(value, 'utf16le').toString('utf16le');
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros. */
function expandIpv6(ip: string): string[] {
  const zone = ip.indexOf('%');
  const address = zone === -1 ? ip : ip.slice(0, zone);
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const last = tailGroups.length > 0 ? tailGroups : headGroups;
  // An embedded IPv4 tail (::ffff:1.2.3.4 forms are handled above; 64:ff9b::1.2.3.4 here).
  const lastGroup = last[last.length - 1];
  if (lastGroup !== undefined && lastGroup.includes('.')) {
    const octets = lastGroup.split('.').map(Number);
    last.splice(
      last.length - 1,
      1,
      (((octets[0] ?? 0) << 8) | (octets[1] ?? 0)).toString(16),
      (((octets[2] ?? 0) << 8) | (octets[3] ?? 0)).toString(16),
    );
  }
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array.from({ length: missing }, () => '0'), ...tailGroups];
  return groups.map((g) => Number.parseInt(g, 16).toString(16));
}
