import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

/** The baseline: NestJS on Fastify with one route and nothing else. */
@Controller()
class HelloController {
  @Get('hello')
  hello(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [HelloController] })
class BareModule {}

const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), {
  logger: false,
});
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`Listening on ${await app.getUrl()}\n`);
