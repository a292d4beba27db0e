import { Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentOwner, type Owner } from '../../../access/ownership/owner.js';
import {
  ApiProblemResponse,
  PROBLEM,
} from '../../../platform/http/api-problem-response.decorator.js';
import {
  FILE_FIELD,
  IncomingUpload,
  MULTIPART_ROUTE,
  Upload,
} from '../../../platform/http/multipart-upload.js';
import { OwnerScoped } from '../../../platform/route-access/authorization.decorators.js';
import { AttachmentsService } from './attachments.service.js';
import { AttachmentIdParams, NoteAttachmentParams } from './dto/attachment-id.params.js';
import { AttachmentDto, AttachmentListDto } from './dto/attachment.dto.js';
import { DownloadLinkDto } from './dto/download-link.dto.js';
import { DownloadQuery } from './dto/download.query.js';
import { NoteIdParams } from '../dto/note-id.params.js';
import { contentDisposition } from './content-disposition.js';

const NOTE_NOT_FOUND = 'No note with this id belongs to the caller, whether or not it exists.';
const NOT_FOUND = 'No such note of the caller, or no such attachment on it.';

@ApiTags('attachments')
@ApiBearerAuth()
@OwnerScoped('note')
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post('notes/:id/attachments')
  @RouteConfig(MULTIPART_ROUTE)
  @ApiOperation({
    summary: 'Attach a file to a note',
    description:
      'One part named "file", streamed: PDF, PNG or JPEG as judged by its bytes. Stored encrypted and scanned for malware; `pending` when the scanner is unavailable (not downloadable until scanned).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [FILE_FIELD],
      properties: {
        [FILE_FIELD]: {
          type: 'string',
          format: 'binary',
          maxLength: 10 * 1024 * 1024,
          description:
            'At most ATTACHMENT_MAX_BYTES (10 MiB by default) and the room left in the quota.',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiProblemResponse(
    400,
    'The id is not a UUID, or the body is not exactly one part named "file".',
    [`${PROBLEM}upload-malformed`],
  )
  @ApiProblemResponse(404, NOTE_NOT_FOUND)
  @ApiProblemResponse(409, 'The note already has as many attachments as allowed.', [
    `${PROBLEM}note-attachment-limit`,
  ])
  @ApiProblemResponse(413, "The file is over the per-file limit or the user's quota.", [
    `${PROBLEM}upload-too-large`,
    `${PROBLEM}attachment-quota-exceeded`,
  ])
  @ApiProblemResponse(415, 'Not multipart/form-data, or the content is not an allowed type.', [
    `${PROBLEM}upload-not-multipart`,
    `${PROBLEM}attachment-type-not-allowed`,
  ])
  @ApiProblemResponse(422, 'The malware scanner flagged the file; nothing was kept.', [
    `${PROBLEM}attachment-infected`,
  ])
  async upload(
    @CurrentOwner() owner: Owner,
    @Param() params: NoteIdParams,
    @IncomingUpload() upload: Upload,
  ): Promise<AttachmentDto> {
    return new AttachmentDto(await this.attachments.upload(owner, params.id, upload));
  }

  @Get('notes/:id/attachments')
  @ApiOperation({
    summary: "List a note's attachments",
    description: 'Owner only (404 otherwise).',
  })
  @ApiOkResponse({ type: AttachmentListDto })
  @ApiProblemResponse(400, 'The id is not a UUID.')
  @ApiProblemResponse(404, NOTE_NOT_FOUND)
  async list(
    @CurrentOwner() owner: Owner,
    @Param() params: NoteIdParams,
  ): Promise<AttachmentListDto> {
    return new AttachmentListDto(await this.attachments.list(owner, params.id));
  }

  @Delete('notes/:id/attachments/:attachmentId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an attachment',
    description: 'Its row and its stored contents; owner only (404 otherwise).',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblemResponse(400, 'An id is not a UUID.')
  @ApiProblemResponse(404, NOT_FOUND)
  async delete(@CurrentOwner() owner: Owner, @Param() params: NoteAttachmentParams): Promise<void> {
    await this.attachments.delete(owner, params.id, params.attachmentId);
  }

  @Post('notes/:id/attachments/:attachmentId/link')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Get a short-lived download link',
    description:
      'Signed, expiring (ATTACHMENT_LINK_TTL_SECONDS, 5 minutes by default), valid for this file and the caller only. Clean files only.',
  })
  @ApiCreatedResponse({ type: DownloadLinkDto })
  @ApiProblemResponse(400, 'An id is not a UUID.')
  @ApiProblemResponse(404, NOT_FOUND)
  @ApiProblemResponse(409, 'The file is pending a scan, or was infected.', [
    `${PROBLEM}attachment-not-downloadable`,
  ])
  async link(
    @CurrentOwner() owner: Owner,
    @Param() params: NoteAttachmentParams,
  ): Promise<DownloadLinkDto> {
    const link = await this.attachments.link(owner, params.id, params.attachmentId);
    return new DownloadLinkDto(params.attachmentId, link);
  }

  @Get('attachments/:attachmentId/content')
  @ApiOperation({
    summary: 'Download a file through its link',
    description:
      'With the bearer token of the user the link was made for. Sent as an attachment, never rendered: nosniff, a sandbox CSP, no caching. No range requests: each response is one authenticated stream of the whole file.',
  })
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiOkResponse({
    description: 'The file.',
    content: {
      'application/octet-stream': {
        schema: { type: 'string', format: 'binary', maxLength: 1024 ** 3 },
      },
    },
  })
  @ApiProblemResponse(400, 'The id is not a UUID, or expires is not an integer.')
  @ApiProblemResponse(404, "Tampered, expired, another user's, or for a file gone: one answer.", [
    `${PROBLEM}download-link-invalid`,
  ])
  async download(
    @CurrentOwner() owner: Owner,
    @Param() params: AttachmentIdParams,
    @Query() query: DownloadQuery,
    @Res({ passthrough: false }) reply: FastifyReply,
  ): Promise<void> {
    const grant = {
      attachmentId: params.attachmentId,
      userId: owner.userId,
      expires: query.expires,
    };
    const { attachment, content } = await this.attachments.download(owner, grant, query.signature);
    await reply
      .headers({
        'content-type': attachment.mediaType,
        'content-length': String(attachment.sizeBytes),
        'content-disposition': contentDisposition(attachment.displayName),
        'x-content-type-options': 'nosniff',
        'content-security-policy': 'sandbox',
        'cache-control': 'no-store',
        'accept-ranges': 'none',
      })
      .send(content);
  }
}
