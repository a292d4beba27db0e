import { TextField } from '../../../platform/http/fields/text.fields.js';

const TITLE_MAX = 200;
const BODY_MAX = 10_000;

export const TITLE_SCHEMA = {
  minLength: 1,
  maxLength: TITLE_MAX,
  description: 'Plaintext, listed and sortable; no control characters.',
} as const;
export const BODY_SCHEMA = {
  maxLength: BODY_MAX,
  description: 'Stored encrypted; returned as written.',
} as const;

export const NoteTitle = (): PropertyDecorator =>
  TextField({ min: 1, max: TITLE_MAX, singleLine: true });

export const NoteBody = (): PropertyDecorator => TextField({ min: 0, max: BODY_MAX });
