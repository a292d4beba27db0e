import { describe, expect, it } from 'vitest';
import { clientSubject } from './client-subject.js';

describe(clientSubject.name, () => {
  it('counts an IPv4 client, mapped or not, by its address', () => {
    expect(clientSubject('192.0.2.1', 64)).toBe('192.0.2.1');
    expect(clientSubject('::ffff:192.0.2.1', 64)).toBe('192.0.2.1');
  });

  it('counts an IPv6 client by its network of the configured prefix', () => {
    expect(clientSubject('2001:db8:1:2:aaaa::1', 64)).toBe('2001:db8:1:2::/64');
    expect(clientSubject('2001:db8:1:2:bbbb::2', 64)).toBe(
      clientSubject('2001:db8:1:2:aaaa::1', 64),
    );
    expect(clientSubject('2001:db8:1:3::1', 64)).not.toBe(clientSubject('2001:db8:1:2::1', 64));
    // A provider handing out /48s: the whole /48 is one client.
    expect(clientSubject('2001:db8:1:ffff::1', 48)).toBe(clientSubject('2001:db8:1:2::1', 48));
  });
});
