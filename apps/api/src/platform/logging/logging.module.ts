import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';

/** Injection token of the process's {@link BulwarkLogger}, for services that log structured events. */
export const APP_LOGGER = Symbol('APP_LOGGER');

/** Shares the logger that `createApp` was given; whoever created it flushes and closes it. */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: BulwarkLogger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: APP_LOGGER, useValue: logger }],
      exports: [APP_LOGGER],
    };
  }
}
