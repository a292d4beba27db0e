import { ApiProperty } from '@nestjs/swagger';
import { OffsetPageDto } from '../../../platform/http/page.js';
import type { {{Singular}} } from '../{{singular}}.entity.js';

/** {{ASingular}} as its owner sees it; the owner id stays on the server. */
export class {{Singular}}Dto {
  @ApiProperty({ format: 'uuid' })
  readonly id: string;

  @ApiProperty()
  readonly name: string;

  @ApiProperty()
  readonly details: string;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt: string;

  constructor(source: {{Singular}}) {
    this.id = source.id;
    this.name = source.name;
    this.details = source.details;
    this.createdAt = source.createdAt.toISOString();
    this.updatedAt = source.updatedAt.toISOString();
  }
}

export class {{Singular}}PageDto extends OffsetPageDto({{Singular}}Dto, (source: {{Singular}}) => new {{Singular}}Dto(source), {
  total: "All of the caller's {{pluralWords}}, whatever the page.",
}) {}
