import { describe, expect, it } from 'vitest';
import { parseArgon2Phc } from './argon2-phc.js';

describe(parseArgon2Phc.name, () => {
  it('reads the reference m,t,p encoding', () => {
    expect(parseArgon2Phc('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g')).toEqual({
      algorithm: 'argon2id',
      version: 19,
      memoryKib: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
  });

  it('reads parameters in any order, and a missing version as Argon2 1.0', () => {
    expect(parseArgon2Phc('$argon2i$m=4096,p=2,t=3$c2FsdHNhbHQ$aGFzaGhhc2g')).toEqual({
      algorithm: 'argon2i',
      version: 16,
      memoryKib: 4096,
      timeCost: 3,
      parallelism: 2,
    });
  });

  it.each([
    ['bcrypt', '$2b$12$abcdefghijklmnopqrstuu0123456789012345678901234567890'],
    ['a missing parameter', '$argon2id$v=19$m=19456,t=2$c2FsdHNhbHQ$aGFzaGhhc2g'],
    ['a non-numeric parameter', '$argon2id$v=19$m=19456,t=2,p=x$c2FsdHNhbHQ$aGFzaGhhc2g'],
    ['no hash', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ'],
    ['plaintext', 'correct horse battery staple'],
  ])('returns undefined for %s', (_label, value) => {
    expect(parseArgon2Phc(value)).toBeUndefined();
  });
});
