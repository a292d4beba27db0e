import { SetMetadata } from '@nestjs/common';

export const REQUIRES_RECENT_AUTHENTICATION = 'bulwark:requires-recent-authentication';

/**
 * The session must have proved the password (logged in, or re-authenticated) or a second factor
 * within REAUTHENTICATION_MAX_AGE_SECONDS: routes that add a factor or end sessions.
 */
export const RequiresRecentAuthentication = (): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRES_RECENT_AUTHENTICATION, true);
