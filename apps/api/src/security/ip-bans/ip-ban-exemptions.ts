import { BlockList, isIP } from 'node:net';

const IPV4_MAPPED = '::ffff:';

/** Whether an address falls in one of the CIDR ranges (or equals one of the addresses) given. */
export function addressMatcher(ranges: readonly string[]): (ip: string | undefined) => boolean {
  // Production exempts nothing by default: no BlockList check (a SocketAddress) per request then.
  if (ranges.length === 0) {
    return () => false;
  }
  const list = new BlockList();
  for (const range of ranges) {
    const [address = '', prefix] = range.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      list.addAddress(address, family);
    } else {
      list.addSubnet(address, Number(prefix), family);
    }
  }
  return (ip) => {
    if (typeof ip !== 'string') {
      return false;
    }
    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d.
    const address =
      ip.startsWith(IPV4_MAPPED) && isIP(ip.slice(IPV4_MAPPED.length)) === 4
        ? ip.slice(IPV4_MAPPED.length)
        : ip;
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}
