import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CurrentUser,
  type AuthenticatedUser,
} from '../platform/route-access/authenticated-user.js';
import { RequirePermissions } from '../platform/route-access/authorization.decorators.js';
import { ApiProblemResponse, PROBLEM } from '../platform/http/api-problem-response.decorator.js';
import { AdminUsersService } from './admin-users.service.js';
import { AdminUserDto, AdminUserPageDto } from './dto/admin-user.dto.js';
import { ListUsersQuery } from './dto/list-users.query.js';
import { ReplaceRolesDto } from './dto/replace-roles.dto.js';
import { UserIdParams } from './dto/user-id.params.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  @RequirePermissions('users:read')
  @ApiOperation({
    summary: 'List users',
    description:
      'Paginated; `email` finds one address exactly, in any letter case, through the blind index. Needs users:read.',
  })
  @ApiOkResponse({ type: AdminUserPageDto })
  @ApiProblemResponse(400, 'A malformed email, a limit outside 1..100 or a negative offset.')
  async list(@Query() query: ListUsersQuery): Promise<AdminUserPageDto> {
    return new AdminUserPageDto(await this.admin.list(query));
  }

  @Put(':id/roles')
  @RequirePermissions('users:manage')
  @ApiOperation({
    summary: "Replace a user's roles",
    description:
      'Sets the complete role set; refuses to leave no admin able to sign in, and to grant a role to oneself. Needs users:manage.',
  })
  @ApiOkResponse({ type: AdminUserDto })
  @ApiProblemResponse(403, 'The caller tried to grant a role to themselves.', [
    `${PROBLEM}self-grant`,
  ])
  @ApiProblemResponse(400, 'The id is not a UUID, or roles is not a non-empty set of known roles.')
  @ApiProblemResponse(404, 'No user with this id.')
  @ApiProblemResponse(409, 'The change would leave no admin able to sign in.')
  async replaceRoles(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: UserIdParams,
    @Body() body: ReplaceRolesDto,
  ): Promise<AdminUserDto> {
    await this.admin.replaceRoles(caller.userId, params.id, body.roles);
    return new AdminUserDto(await this.admin.get(params.id));
  }

  @Post(':id/lock')
  @HttpCode(204)
  @RequirePermissions('users:manage')
  @ApiOperation({
    summary: 'Lock an account',
    description:
      'The user can no longer sign in, and every session of theirs is revoked. Needs users:manage.',
  })
  @ApiNoContentResponse({ description: 'Locked; every session of the user is revoked.' })
  @ApiProblemResponse(400, 'The id is not a UUID.')
  @ApiProblemResponse(404, 'No user with this id.')
  @ApiProblemResponse(409, 'The user is the last admin able to sign in.')
  async lock(@Param() params: UserIdParams): Promise<void> {
    await this.admin.lock(params.id);
  }

  @Post(':id/unlock')
  @HttpCode(204)
  @RequirePermissions('users:manage')
  @ApiOperation({
    summary: 'Unlock an account',
    description: 'The user may sign in again. Needs users:manage.',
  })
  @ApiNoContentResponse({ description: 'Unlocked: the user may sign in again.' })
  @ApiProblemResponse(400, 'The id is not a UUID.')
  @ApiProblemResponse(404, 'No user with this id.')
  async unlock(@Param() params: UserIdParams): Promise<void> {
    await this.admin.unlock(params.id);
  }
}
