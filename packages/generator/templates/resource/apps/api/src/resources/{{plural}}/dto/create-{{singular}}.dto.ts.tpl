import { ApiProperty } from '@nestjs/swagger';
import type { {{Singular}}Fields } from '../{{singular}}.types.js';
import { DETAILS_SCHEMA, NAME_SCHEMA, {{Singular}}Details, {{Singular}}Name } from './{{singular}}-fields.js';

/** Name and details only: an id, owner or timestamp sent here is refused as unknown (400). */
export class Create{{Singular}}Dto implements {{Singular}}Fields {
  @ApiProperty(NAME_SCHEMA)
  @{{Singular}}Name()
  name: string;

  @ApiProperty(DETAILS_SCHEMA)
  @{{Singular}}Details()
  details: string;
}
