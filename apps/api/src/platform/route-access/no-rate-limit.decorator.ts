import { SetMetadata } from '@nestjs/common';

export const NO_RATE_LIMIT_KEY = 'bulwark:no-rate-limit';

/** Counts the route against no limit at all; for the health checks, which orchestrators probe. */
export const NoRateLimit = () => SetMetadata(NO_RATE_LIMIT_KEY, true);
