import { TextField } from '../../../platform/http/fields/text.fields.js';

// The bounds the migration's CHECKs enforce too: change both together.
const NAME_MAX = 200;
const DETAILS_MAX = 10_000;

export const NAME_SCHEMA = {
  minLength: 1,
  maxLength: NAME_MAX,
  description: 'Plaintext, listed and sortable; no control characters.',
} as const;
export const DETAILS_SCHEMA = {
  maxLength: DETAILS_MAX,
  description: 'Stored encrypted; returned as written.',
} as const;

export const {{Singular}}Name = (): PropertyDecorator =>
  TextField({ min: 1, max: NAME_MAX, singleLine: true });

export const {{Singular}}Details = (): PropertyDecorator => TextField({ min: 0, max: DETAILS_MAX });
