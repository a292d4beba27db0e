import type { ProjectNames } from './names.js';

// Names of the template itself, which must survive the rename: the tool, its record and
// the command that upgrades; and format labels that are part of stored data (the audit chain's
// versions, the field-encryption key derivation labels), where a change would only break
// compatibility with Bulwark's own test vectors and tooling.
const KEPT = [
  'create-bulwark',
  'create bulwark',
  '.bulwark.json',
  'bulwark:upgrade',
  'bulwark-audit-v',
  'bulwark-audit-chain-v',
  'bulwark-audit-archive-v',
  'bulwark/field-encryption/',
];

const WORD = /@bulwark(?=[/+])|bulwark/gi;
// Where the word "Bulwark" is the product's name at run time rather than the template's: a mail
// sender, the API's title, a certificate's common name, a configuration's title.
const PRODUCT_NAME_AFTER = /^(?: <| API\b| staging <| test CA| local CA)/;
const PRODUCT_NAME_BEFORE = /title = "$/;
const IDENTIFIER_CHAR = /[A-Za-z0-9]/;

/**
 * Renames every spelling of "bulwark" in `text` to the project's, by context: the package scope,
 * `BULWARK_` variables, `BulwarkLogger` classes, `bulwarkThrottle` identifiers, `bulwark_app`
 * SQL names, and everything else (package names, URNs, keys, host names) to the kebab-case name.
 * The word "Bulwark" on its own names the template ("Bulwark's workflow rules") and stays, except
 * where it is the product's name at run time (sender name, API title).
 */
export function renameText(text: string, names: ProjectNames): string {
  return text.replace(WORD, (match: string, offset: number) => {
    if (KEPT.some((kept) => isAt(text, offset, match, kept))) {
      return match;
    }
    if (match.startsWith('@')) {
      return names.scope;
    }
    const before = text.charAt(offset - 1);
    const after = text.charAt(offset + match.length);
    if (match === 'BULWARK') {
      return names.upper;
    }
    if (match === 'Bulwark') {
      if (IDENTIFIER_CHAR.test(after)) {
        return names.pascal;
      }
      const productName =
        PRODUCT_NAME_AFTER.test(text.slice(offset + match.length, offset + match.length + 12)) ||
        PRODUCT_NAME_BEFORE.test(text.slice(Math.max(0, offset - 12), offset));
      return productName ? names.display : match;
    }
    if (/[A-Z]/.test(after)) {
      return names.camel;
    }
    if (before === '_' || after === '_') {
      return names.snake;
    }
    return names.kebab;
  });
}

/** Whether `kept` occurs in `text` around the `match` found at `offset`. */
function isAt(text: string, offset: number, match: string, kept: string): boolean {
  const inKept = kept.toLowerCase().indexOf(match.toLowerCase());
  if (inKept < 0) {
    return false;
  }
  const start = offset - inKept;
  return start >= 0 && text.slice(start, start + kept.length) === kept;
}
