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
import { CreateNoteDto } from './dto/create-note.dto.js';
import { ListNotesQuery } from './dto/list-notes.query.js';
import { NoteIdParams } from './dto/note-id.params.js';
import { NoteDto, NotePageDto } from './dto/note.dto.js';
import { UpdateNoteDto } from './dto/update-note.dto.js';
import { NotesService } from './notes.service.js';
import { OwnerScoped } from '../../platform/route-access/authorization.decorators.js';

const NOT_FOUND = 'No note with this id belongs to the caller, whether or not it exists.';

@ApiTags('notes')
@ApiBearerAuth()
@OwnerScoped('note')
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a note',
    description: 'Title and body only; the body is stored encrypted.',
  })
  @ApiCreatedResponse({ type: NoteDto })
  @ApiProblemResponse(400, 'A field other than title and body, or an invalid one.')
  async create(@CurrentOwner() owner: Owner, @Body() body: CreateNoteDto): Promise<NoteDto> {
    return new NoteDto(await this.notes.create(owner, body));
  }

  @Get()
  @ApiOperation({
    summary: "List the caller's notes",
    description: "Only the caller's own notes, paginated and sorted.",
  })
  @ApiOkResponse({ type: NotePageDto })
  @ApiProblemResponse(400, 'A limit outside 1..100, a negative offset or a sort not listed.')
  async list(@CurrentOwner() owner: Owner, @Query() query: ListNotesQuery): Promise<NotePageDto> {
    return new NotePageDto(await this.notes.list(owner, query));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read a note',
    description: "Another user's note answers 404, like a missing one.",
  })
  @ApiOkResponse({ type: NoteDto })
  @ApiProblemResponse(400, 'The id is not a UUID.')
  @ApiProblemResponse(404, NOT_FOUND)
  async get(@CurrentOwner() owner: Owner, @Param() params: NoteIdParams): Promise<NoteDto> {
    return new NoteDto(await this.notes.get(owner, params.id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Update a note',
    description: 'Title, body or both; owner only (404 otherwise).',
  })
  @ApiOkResponse({ type: NoteDto })
  @ApiProblemResponse(400, 'The id is not a UUID, or a field other than title and body.')
  @ApiProblemResponse(404, NOT_FOUND)
  async update(
    @CurrentOwner() owner: Owner,
    @Param() params: NoteIdParams,
    @Body() body: UpdateNoteDto,
  ): Promise<NoteDto> {
    return new NoteDto(await this.notes.update(owner, params.id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a note', description: 'Owner only (404 otherwise).' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblemResponse(400, 'The id is not a UUID.')
  @ApiProblemResponse(404, NOT_FOUND)
  async delete(@CurrentOwner() owner: Owner, @Param() params: NoteIdParams): Promise<void> {
    await this.notes.delete(owner, params.id);
  }
}
