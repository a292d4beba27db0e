import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, ValidateIf } from 'class-validator';
import { CodePointLength } from './code-point-length.validator.js';

export interface TextFieldOptions {
  /** Bounds in code points, as the column's CHECK counts them. */
  readonly min: number;
  readonly max: number;
  /** Refuses control characters, line breaks included: for titles and names shown on one line. */
  readonly singleLine?: boolean;
}

/** A string within the bounds its column accepts, so that no input reaches a CHECK as a 500. */
export const TextField = ({ min, max, singleLine = false }: TextFieldOptions): PropertyDecorator =>
  applyDecorators(
    IsString(),
    CodePointLength(min, max),
    ...(singleLine
      ? [Matches(/^\P{Cc}*$/u, { message: '$property must not contain control characters' })]
      : []),
  );

/** Optional, but never null: @IsOptional would let null through to a NOT NULL column. */
export const IfPresent = (): PropertyDecorator =>
  ValidateIf((_object: unknown, value: unknown) => value !== undefined);
