import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ClientInfo } from './session.service.js';

// Enough to recognise a browser or an app in the session list; the column holds no more.
const USER_AGENT_MAX = 256;

/** The caller's address (the trusted one, see TRUSTED_PROXIES) and its User-Agent, bounded. */
export const Client = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ClientInfo => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const userAgent = request.headers['user-agent'];
    return {
      ip: request.ip,
      userAgent: userAgent === undefined ? null : userAgent.slice(0, USER_AGENT_MAX),
    };
  },
);
