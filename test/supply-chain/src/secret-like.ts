// What counts as a secret in an image's ARG/ENV or a compose environment: a variable named like
// one, or a value that carries one. Variables naming a file, a directory or an id are references,
// which is how secrets are meant to be passed (mounted files, *_FILE variables).
const SECRET_NAME =
  /(^|_)(SECRETS?|PASSWORDS?|PASSWD|PASS|TOKENS?|API_?KEYS?|PRIVATE_?KEYS?|ACCESS_?KEYS?|CREDENTIALS?|KEYS?)(_|$)/i;
const REFERENCE_NAME = /_(FILE|FILES|PATH|DIR|ID)$/i;
const URL_WITH_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^@\s/]+@/i;
const PEM_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

const ABSOLUTE_PATH = /^\/\S*$/;

/**
 * Whether `name=value` passes a secret by value. A secret-named variable may hold an absolute path
 * (a mounted file); without a value (an ARG filled at build time) it still passes one.
 */
export function isSecretVariable(name: string, value: string | undefined): boolean {
  return (
    SECRET_NAME.test(name) &&
    !REFERENCE_NAME.test(name) &&
    (value === undefined || !ABSOLUTE_PATH.test(value))
  );
}

/** Why a value must not be written inline, or undefined when it may. */
export function secretInValue(value: string): string | undefined {
  if (URL_WITH_CREDENTIALS.test(value)) {
    return 'a URL with credentials';
  }
  if (PEM_BLOCK.test(value)) {
    return 'a private key';
  }
  return undefined;
}
