import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Counts requests whose handler has not answered yet, so that shutdown can wait for them before
 * the database pool and Redis close. A request whose client hung up still counts until its handler
 * is done: its socket is gone, so the HTTP server's own close does not wait for it.
 */
@Injectable()
export class InFlightRequests implements OnModuleInit {
  private readonly running = new Set<FastifyRequest>();
  private waiters: (() => void)[] = [];
  private draining = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, _reply, done) => {
      this.running.add(request);
      done();
    });
    // onSend runs once the handler has answered, whether or not the client is still there.
    fastify.addHook('onSend', (request, reply, payload, done) => {
      if (this.draining) {
        // The client opens a new connection next time, to an instance that is not stopping.
        void reply.header('connection', 'close');
      }
      this.finish(request);
      done(null, payload);
    });
    fastify.addHook('onResponse', (request, _reply, done) => {
      this.finish(request);
      done();
    });
  }

  get count(): number {
    return this.running.size;
  }

  /**
   * Stops keeping connections alive and resolves once no handler is running, or after
   * `timeoutMs`, with the number still running then.
   */
  settle(timeoutMs: number): Promise<number> {
    this.draining = true;
    if (this.running.size === 0) {
      return Promise.resolve(0);
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve(this.running.size);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        done();
      }, timeoutMs);
      this.waiters.push(done);
    });
  }

  private finish(request: FastifyRequest): void {
    if (this.running.delete(request) && this.running.size === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const waiter of waiters) {
        waiter();
      }
    }
  }
}
