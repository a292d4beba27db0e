import { Global, Module, type DynamicModule } from '@nestjs/common';

/**
 * Injection token of the validated configuration (src/app.config.ts). Each class that injects it
 * types it by the sections it reads, which their capabilities declare (`<capability>.config.ts`).
 */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: object): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
