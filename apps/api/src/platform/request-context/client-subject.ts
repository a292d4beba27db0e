import { normalizeIp } from '@nestjs/throttler';

/**
 * What one client counts as for rate limits, lockouts and bans: its IPv4 address (IPv4-mapped
 * IPv6 included), or the IPv6 network of `ipv6Prefix` bits that one subscriber is given, since
 * rotating addresses inside it must change nothing (a /64 usually; /56 or /48 at some providers).
 */
export function clientSubject(ip: string, ipv6Prefix: number): string {
  return normalizeIp(ip, ipv6Prefix);
}
