import { ApiPropertyOptional } from '@nestjs/swagger';
import { IfPresent } from '../../../platform/http/fields/text.fields.js';
import type { {{Singular}}Fields } from '../{{singular}}.types.js';
import { DETAILS_SCHEMA, NAME_SCHEMA, {{Singular}}Details, {{Singular}}Name } from './{{singular}}-fields.js';

/** Either field or both; anything else is refused as unknown (400). */
export class Update{{Singular}}Dto implements Partial<{{Singular}}Fields> {
  @ApiPropertyOptional(NAME_SCHEMA)
  @IfPresent()
  @{{Singular}}Name()
  name?: string;

  @ApiPropertyOptional(DETAILS_SCHEMA)
  @IfPresent()
  @{{Singular}}Details()
  details?: string;
}
