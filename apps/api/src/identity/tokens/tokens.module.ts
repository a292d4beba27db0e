import { Module } from '@nestjs/common';
import { AccessTokenService } from './access-token.service.js';
import { JwksController } from './jwks.controller.js';

@Module({
  controllers: [JwksController],
  providers: [AccessTokenService],
  exports: [AccessTokenService],
})
export class TokensModule {}
