import { BlockList, isIP } from 'node:net';
import { setNewest } from '../../platform/in-process/bounded-map.js';

const IPV4_MAPPED = '::ffff:';
/** Addresses whose decision is kept: a flood of new ones evicts the oldest, never grows memory. */
export const MAX_REMEMBERED_ADDRESSES = 10_000;

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
  const inList = (ip: string): boolean => {
    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d.
    const address =
      ip.startsWith(IPV4_MAPPED) && isIP(ip.slice(IPV4_MAPPED.length)) === 4
        ? ip.slice(IPV4_MAPPED.length)
        : ip;
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  // BlockList.check builds a SocketAddress for every call: on every request, the largest cost of
  // the IP ban hook. Clients come back, so each address's answer is kept.
  const decided = new Map<string, boolean>();
  return (ip) => {
    if (typeof ip !== 'string') {
      return false;
    }
    let exempt = decided.get(ip);
    if (exempt === undefined) {
      exempt = inList(ip);
      setNewest(decided, ip, exempt, MAX_REMEMBERED_ADDRESSES);
    }
    return exempt;
  };
}
