import type { FastifyInstance } from 'fastify';
import { DEV_ACCOUNT_LINKS_PATH } from '../accounts.config.js';
import {
  DEV_ACCOUNT_LINK_PAGES,
  DEV_ACCOUNT_LINKS_JS,
  DEV_ACCOUNT_LINKS_SCRIPT,
  devAccountLinkHtml,
  type DevAccountLinkPage,
} from './dev-account-links.pages.js';

// The API's own policy, plus this origin's script and its calls to the API.
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Serves the development pages for mail links (verify e-mail, reset and forgotten password).
 * Registered by `createApp` only when `accounts.devAccountLinks` is on: never in production.
 * Plain Fastify routes, not a controller: static pages outside the API's contract (OpenAPI, route
 * declarations); the API routes they call keep every control, and the Fastify hooks registered
 * before them (security headers, request limits) apply to them too.
 */
export function registerDevAccountLinks(fastify: FastifyInstance): void {
  for (const page of Object.keys(DEV_ACCOUNT_LINK_PAGES) as DevAccountLinkPage[]) {
    const html = devAccountLinkHtml(DEV_ACCOUNT_LINKS_PATH, page);
    fastify.get(`${DEV_ACCOUNT_LINKS_PATH}/${page}`, (_request, reply) =>
      reply.header('content-security-policy', PAGE_CSP).type('text/html; charset=utf-8').send(html),
    );
  }
  fastify.get(`${DEV_ACCOUNT_LINKS_PATH}/${DEV_ACCOUNT_LINKS_SCRIPT}`, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(DEV_ACCOUNT_LINKS_JS),
  );
}
