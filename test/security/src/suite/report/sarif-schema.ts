import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';

const SCHEMA = JSON.parse(
  readFileSync(new URL('../../../schemas/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'),
) as object;

// A CommonJS module: its class is `default` of what NodeNext imports. The schema predates strict
// mode and unicode patterns (one of its patterns is not valid with /u); formats are not checked.
const validate = new AjvDraft04.default({
  allErrors: true,
  strict: false,
  unicodeRegExp: false,
  validateFormats: false,
}).compile(SCHEMA);

/** Why a log is not valid SARIF 2.1.0 (the vendored schema), or undefined when it is. */
export function sarifSchemaErrors(log: unknown): string | undefined {
  return validate(log) ? undefined : JSON.stringify(validate.errors);
}
