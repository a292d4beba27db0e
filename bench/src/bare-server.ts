import { Controller, Get, Module, NotFoundException, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';

/**
 * The baseline: NestJS on Fastify with one route and nothing else. With BENCH_PG_URL, also the
 * same shell doing one read through a pg.Pool of pg's default size (the API's too): the floor of
 * any route that reads the database once.
 */
@Controller()
class HelloController {
  @Get('hello')
  hello(): { status: string } {
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
