import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { TextField } from '../../../platform/http/fields/text.fields.js';

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
    TextField({ min: 1, max: DISPLAY_NAME_MAX, singleLine: true }),
  );
