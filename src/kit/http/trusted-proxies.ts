import { BlockList, isIPv4 } from 'node:net';

/** Matches a peer address against the configured trusted-proxy CIDR list. */
export function createProxyMatcher(
  cidrs: readonly string[],
): (address: string | undefined) => boolean {
  if (cidrs.length === 0) return () => false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefix] = cidr.split('/');
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  // BlockList.check allocates a SocketAddress per call; peers are few (the proxies
  // themselves), so the answer is cached per address, with a bound.
  const cache = new Map<string, boolean>();
  return (address) => {
    if (address === undefined) return false;
    const known = cache.get(address);
    if (known !== undefined) return known;
    if (cache.size >= 1024) cache.clear();
    // IPv4 peers on a dual-stack socket arrive as ::ffff:a.b.c.d.
    const plain =
      address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
    const trusted = list.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
    cache.set(address, trusted);
    return trusted;
  };
}
