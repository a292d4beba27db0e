// Keys are compared lower-cased with everything but letters and digits removed: `Set-Cookie`, `set_cookie` and `setCookie` are one key.
const SENSITIVE_FRAGMENTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'cookie',
  'apikey',
  'privatekey',
  'credential',
  'jwt',
  'mfacode',
  'otpcode',
  'totpcode',
  'recoverycode',
  'backupcode',
  'keymaterial',
];

const SENSITIVE_NAMES = [
  'pass',
  'pwd',
  'otp',
  'totp',
  'hotp',
  'mfa',
  'pin',
  'key',
  'keys',
  'jwk',
  'dek',
  'kek',
  'rawkey',
  'datakey',
  'hmackey',
  'masterkey',
  'signingkey',
  'encryptionkey',
];

// `tokenFamilyId`, `secret_id`: identifiers of secrets are not secrets, so fragments do not apply to them.
const IDENTIFIER_SUFFIX = /(?:Id|ID|[-_]id)s?$/;

/** Lower-cases a key and strips every character that is not a letter or a digit. */
export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const KEY_CACHE_SIZE = 1_000;

/** Builds the predicate that says whether a key's value must be redacted. */
export function createSensitiveKeyMatcher(
  extraKeys: readonly string[] = [],
): (key: string) => boolean {
  const names = new Set([...SENSITIVE_NAMES, ...extraKeys.map(normaliseKey)]);
  const decide = (key: string): boolean => {
    const normalised = normaliseKey(key);
    if (names.has(normalised)) {
      return true;
    }
    if (IDENTIFIER_SUFFIX.test(key)) {
      return false;
    }
    return SENSITIVE_FRAGMENTS.some((fragment) => normalised.includes(fragment));
  };
  // Log lines repeat the same few keys; bounded, so attacker-chosen keys cannot grow it.
  const decided = new Map<string, boolean>();
  return (key) => {
    let sensitive = decided.get(key);
    if (sensitive === undefined) {
      sensitive = decide(key);
      if (decided.size < KEY_CACHE_SIZE) {
        decided.set(key, sensitive);
      }
    }
    return sensitive;
  };
}
