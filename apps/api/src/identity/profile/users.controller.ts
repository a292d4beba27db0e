import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentUser,
  type AuthenticatedUser,
} from '../../platform/route-access/authenticated-user.js';
import { AllowedDuringMfaEnrolment } from '../../platform/route-access/mfa-policy.decorators.js';
import { ApiProblemResponse } from '../../platform/http/api-problem-response.decorator.js';
import { ProfileDto } from './dto/profile.dto.js';
import { UpdateProfileDto } from './dto/update-profile.dto.js';
import { ProfileService } from './profile.service.js';
import { Authenticated } from '../../platform/route-access/authorization.decorators.js';

@ApiTags('users')
@ApiBearerAuth()
@Authenticated()
@Controller('users')
export class UsersController {
  constructor(private readonly profiles: ProfileService) {}

  /** Allowed before enrolment: the client learns from it why everything else answers 403. */
  @Get('me')
  @AllowedDuringMfaEnrolment()
  @ApiOperation({
    summary: 'Read the own profile',
    description:
      'Roles, MFA and verification state included, so a client learns why a route is refused.',
  })
  @ApiOkResponse({ type: ProfileDto })
  me(@CurrentUser() user: AuthenticatedUser): Promise<ProfileDto> {
    return this.profiles.get(user);
  }

  @Patch('me')
  @ApiOperation({
    summary: 'Update the own profile',
    description:
      'displayName only (null clears it); roles, e-mail and flags are refused as unknown fields.',
  })
  @ApiOkResponse({ type: ProfileDto })
  @ApiProblemResponse(400, 'A field other than displayName, or an invalid displayName.')
  updateMe(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdateProfileDto,
  ): Promise<ProfileDto> {
    return this.profiles.updateDisplayName(user, body.displayName);
  }
}
