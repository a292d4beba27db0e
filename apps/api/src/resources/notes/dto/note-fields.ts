import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, ValidateIf } from 'class-validator';
import { CodePointLength } from '../../../platform/http/code-point-length.validator.js';

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
  applyDecorators(
    IsString(),
    CodePointLength(1, TITLE_MAX),
    Matches(/^\P{Cc}*$/u, { message: 'must not contain control characters' }),
  );

export const NoteBody = (): PropertyDecorator =>
  applyDecorators(IsString(), CodePointLength(0, BODY_MAX));

/** Optional, but never null: @IsOptional would let null through to a NOT NULL column. */
export const IfPresent = (): PropertyDecorator =>
  ValidateIf((_object: unknown, value: unknown) => value !== undefined);
