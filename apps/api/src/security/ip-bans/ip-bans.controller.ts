import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequirePermissions } from '../../platform/route-access/authorization.decorators.js';
import { ApiProblemResponse } from '../../platform/http/api-problem-response.decorator.js';
import { OffsetPageQuery } from '../../platform/http/offset-page.query.js';
import { IpBanPageDto } from './dto/ip-ban.dto.js';
import { IpBanParams } from './dto/ip-ban.params.js';
import { IpBanService } from './ip-ban.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@RequirePermissions('users:manage')
@Controller('admin/ip-bans')
export class IpBansController {
  constructor(private readonly bans: IpBanService) {}

  @Get()
  @ApiOperation({
    summary: 'List active IP bans',
    description: 'Soonest to expire first. Needs users:manage.',
  })
  @ApiOkResponse({ type: IpBanPageDto })
  @ApiProblemResponse(400, 'A limit outside 1..100 or a negative offset.')
  async list(@Query() query: OffsetPageQuery): Promise<IpBanPageDto> {
    return new IpBanPageDto(await this.bans.list(query));
  }

  @Delete(':ip')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Lift an IP ban',
    description:
      'Ends the ban of an address (an IPv6 one by its /64) and resets its failure count. Needs users:manage.',
  })
  @ApiNoContentResponse({ description: 'The ban is lifted; failures count from zero again.' })
  @ApiProblemResponse(400, 'Not an IP address.')
  @ApiProblemResponse(404, 'The address is not banned.')
  async lift(@Param() params: IpBanParams): Promise<void> {
    await this.bans.lift(params.ip);
  }
}
