import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CodePointLength } from '../../../platform/http/code-point-length.validator.js';

/** The users.display_name CHECK allows 100 code points. */
export const DISPLAY_NAME_MAX = 100;

/** Optional; 1 to 100 characters without control characters (register, PATCH /users/me). */
export const DisplayNameField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      type: String,
      nullable: true,
      minLength: 1,
      maxLength: DISPLAY_NAME_MAX,
    }),
    IsOptional(),
    IsString(),
    CodePointLength(1, DISPLAY_NAME_MAX),
    Matches(/^\P{Cc}*$/u, { message: 'must not contain control characters' }),
  );
