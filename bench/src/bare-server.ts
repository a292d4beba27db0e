import { Controller, Get, Module, NotFoundException, Param, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import pg from 'pg';
import { API_HEADERS } from '@bulwark/api';

/**
 * The baseline: NestJS on Fastify with one route and nothing else, and that route again with
 * Bulwark's security headers. With BENCH_PG_URL, also the same shell doing one read through a
 * pg.Pool of pg's default size (the API's too): the floor of any route that reads the database
 * once.
 */
@Controller()
class HelloController {
  @Get('hello')
  hello(): { status: string } {
    return { status: 'ok' };
  }

  /** The same answer with the security headers every Bulwark answer carries: their share alone. */
  @Get('hello-headers')
  helloWithHeaders(@Res({ passthrough: true }) reply: FastifyReply): { status: string } {
    reply.headers(API_HEADERS);
    return { status: 'ok' };
  }
}

const databaseUrl = process.env.BENCH_PG_URL;
const pool = databaseUrl === undefined ? undefined : new pg.Pool({ connectionString: databaseUrl });

@Controller()
class UserReadController {
  @Get('users/:id')
  async user(@Param('id') id: string): Promise<{ id: string; displayName: string | null }> {
    const { rows } = await pool!.query<{ id: string; display_name: string | null }>(
      'SELECT * FROM users WHERE id = $1',
      [id],
    );
    const [row] = rows;
    if (row === undefined) {
      throw new NotFoundException();
    }
    return { id: row.id, displayName: row.display_name };
  }
}

@Module({
  controllers: pool === undefined ? [HelloController] : [HelloController, UserReadController],
})
class BareModule {}

const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), {
  logger: false,
});
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`Listening on ${await app.getUrl()}\n`);
