import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { documentAccessResponses } from './access-responses.js';
import { routeDeclarations } from './route-declarations.js';

const SERVED_BY_THIS_DEPLOYMENT = {
  url: '/',
  description: 'The deployment serving this document: local, staging or production.',
  'x-internal': false,
};

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Bulwark API')
    .setDescription('Reference API of the Bulwark hardened backend starter.')
    .setVersion('0.1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'An ES256 access token (`typ: at+jwt`, RFC 9068) from /auth/login, /auth/mfa/verify or ' +
        '/auth/refresh, verified as RFC8725 asks: the algorithm is pinned (never `none`), the key ' +
        'comes from the `kid` among our own keys (never `jku`/`jwk`/`x5u`), and issuer, audience, ' +
        'type and expiry are checked. Public keys: /.well-known/jwks.json.',
    })
    .addTag('accounts', 'Registration, sign-in and passwords.')
    .addTag('mfa', 'Second factor: TOTP and recovery codes.')
    .addTag('sessions', 'Refresh, sign-out and the sessions of the caller.')
    .addTag('users', 'The profile of the caller.')
    .addTag('notes', 'Example resource: notes owned by the caller, bodies encrypted.')
    .addTag('admin', 'Users, audit trail and IP bans; permission-gated, MFA required.')
    .addTag('health', 'Probes for orchestrators.')
    .addTag('tokens', 'Keys that verify access tokens.')
    .build();
  const document = SwaggerModule.createDocument(app, info);
  // Relative: the document describes the deployment that serves it, whichever that is.
  document.servers = [SERVED_BY_THIS_DEPLOYMENT];
  documentAccessResponses(document, routeDeclarations(app));
  return document;
}
