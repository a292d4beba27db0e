import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'bulwark:public';

/** The only way out of authentication: every route without it needs a valid access token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
