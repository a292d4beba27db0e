import type { ProjectNames } from './names.js';

// Names of the template itself, which must survive the rename: the tool, its record and
// the command that upgrades; and format labels that are part of stored data (the audit chain's
// versions, the field-encryption key derivation labels), where a change would only break
// compatibility with Bulwark's own test vectors and tooling.
const KEPT = [
  'create-bulwark',
  '.bulwark.json',
  'bulwark:upgrade',
  'bulwark-audit-v',
  'bulwark-audit-chain-v',
  'bulwark-audit-archive-v',
  'bulwark/field-encryption/',
];

const WORD = /@bulwark(?=[/+])|bulwark/gi;
const IDENTIFIER_CHAR = /[A-Za-z0-9]/;

/**
 * Renames every spelling of "bulwark" in `text` to the project's, by context: the package scope,
 * `BULWARK_` variables, `BulwarkLogger` classes, `bulwarkThrottle` identifiers, `bulwark_app`
 * SQL names, and everything else (package names, URNs, keys, host names) to the kebab-case name.
 * The word "Bulwark" on its own is kept in Markdown, where it names the template the project was
 * built from, and becomes the project's name elsewhere (titles, sender names).
 */
export function renameText(text: string, names: ProjectNames, markdown: boolean): string {
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
      return markdown ? match : names.kebab;
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
