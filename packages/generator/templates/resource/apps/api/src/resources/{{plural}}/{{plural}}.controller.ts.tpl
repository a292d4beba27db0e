import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOwner, type Owner } from '../../access/ownership/owner.js';
import { ApiProblemResponse } from '../../platform/http/api-problem-response.decorator.js';
import { OwnerScoped } from '../../platform/route-access/authorization.decorators.js';
import { Create{{Singular}}Dto } from './dto/create-{{singular}}.dto.js';
import { List{{Plural}}Query } from './dto/list-{{plural}}.query.js';
import { {{Singular}}IdParams } from './dto/{{singular}}-id.params.js';
import { {{Singular}}Dto, {{Singular}}PageDto } from './dto/{{singular}}.dto.js';
import { Update{{Singular}}Dto } from './dto/update-{{singular}}.dto.js';
import { {{Plural}}Service } from './{{plural}}.service.js';

const NOT_FOUND = 'No {{singularWords}} with this id belongs to the caller, whether or not it exists.';

@ApiTags('{{plural}}')
@ApiBearerAuth()
@OwnerScoped('{{singular}}')
@Controller('{{plural}}')
export class {{Plural}}Controller {
  constructor(private readonly {{pluralCamel}}: {{Plural}}Service) {}

  @Post()
  @ApiOperation({
    summary: 'Create {{aSingular}}',
    description: 'Name and details only; the details are stored encrypted.',
  })
  @ApiCreatedResponse({ type: {{Singular}}Dto })
  @ApiProblemResponse(400, 'A field other than name and details, or an invalid one.')
  async create(@CurrentOwner() owner: Owner, @Body() body: Create{{Singular}}Dto): Promise<{{Singular}}Dto> {
    return new {{Singular}}Dto(await this.{{pluralCamel}}.create(owner, body));
  }

  @Get()
  @ApiOperation({
    summary: "List the caller's {{pluralWords}}",
    description: "Only the caller's own {{pluralWords}}, paginated and sorted.",
  })
  @ApiOkResponse({ type: {{Singular}}PageDto })
  @ApiProblemResponse(400, 'A limit outside 1..100, a negative offset or a sort not listed.')
  async list(@CurrentOwner() owner: Owner, @Query() query: List{{Plural}}Query): Promise<{{Singular}}PageDto> {
    return new {{Singular}}PageDto(await this.{{pluralCamel}}.list(owner, query));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read {{aSingular}}',
    description: "Another user's {{singularWords}} answers 404, like a missing one.",
  })
  @ApiOkResponse({ type: {{Singular}}Dto })
  @ApiProblemResponse(400, 'The id is not a UUID.')
  @ApiProblemResponse(404, NOT_FOUND)
  async get(@CurrentOwner() owner: Owner, @Param() params: {{Singular}}IdParams): Promise<{{Singular}}Dto> {
    return new {{Singular}}Dto(await this.{{pluralCamel}}.get(owner, params.id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Update {{aSingular}}',
    description: 'Name, details or both; owner only (404 otherwise).',
  })
  @ApiOkResponse({ type: {{Singular}}Dto })
  @ApiProblemResponse(400, 'The id is not a UUID, or a field other than name and details.')
  @ApiProblemResponse(404, NOT_FOUND)
  async update(
    @CurrentOwner() owner: Owner,
    @Param() params: {{Singular}}IdParams,
    @Body() body: Update{{Singular}}Dto,
  ): Promise<{{Singular}}Dto> {
    return new {{Singular}}Dto(await this.{{pluralCamel}}.update(owner, params.id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete {{aSingular}}', description: 'Owner only (404 otherwise).' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblemResponse(400, 'The id is not a UUID.')
  @ApiProblemResponse(404, NOT_FOUND)
  async delete(@CurrentOwner() owner: Owner, @Param() params: {{Singular}}IdParams): Promise<void> {
    await this.{{pluralCamel}}.delete(owner, params.id);
  }
}
