import { expect } from 'vitest';
import type { AdminUserDto, AdminUserPageDto } from '../../src/admin/dto/admin-user.dto.js';
import type { AuditEventPageDto } from '../../src/admin/dto/audit-event.dto.js';
import type {
  MfaChallengeDto,
  MfaTokensDto,
  RecoveryCodesDto,
  TotpSetupDto,
} from '../../src/identity/mfa/dto/mfa-responses.dto.js';
import type { ProfileDto } from '../../src/identity/profile/dto/profile.dto.js';
import type { CurrentSessionDto } from '../../src/identity/sessions/dto/current-session.dto.js';
import type { SessionDto } from '../../src/identity/sessions/dto/session.dto.js';
import type { TokensDto } from '../../src/identity/sessions/dto/tokens.dto.js';
import type { ProblemDetailsDto } from '../../src/platform/http/problem-details.dto.js';
import type { NoteDto } from '../../src/resources/notes/dto/note.dto.js';
import type { IpBanPageDto } from '../../src/security/ip-bans/dto/ip-ban.dto.js';
import type { TestApp } from './test-app.js';

// Response bodies, as the API's response DTOs declare them: a suite never re-declares a shape.
export type Tokens = TokensDto;
export type MfaTokens = MfaTokensDto;
export type MfaChallenge = MfaChallengeDto;
export type TotpSetup = TotpSetupDto;
export type RecoveryCodes = RecoveryCodesDto;
export type Profile = ProfileDto;
export type SessionItem = SessionDto;
export type CurrentSession = CurrentSessionDto;
export type AdminUser = AdminUserDto;
export type AdminUserPage = AdminUserPageDto;
export type AuditEventPage = AuditEventPageDto;
export type IpBanPage = IpBanPageDto;
export type Note = NoteDto;
/** RFC 9457 body; problem types may add extension members. */
export type Problem = ProblemDetailsDto & { readonly [extension: string]: unknown };

/**
 * A response whose body, when it succeeds, is a `T`: a type only, read with {@link bodyOf}. (A
 * method, so that a response of `send` without a type may still be read as a given one.)
 */
export interface ApiResponse<T> extends Response {
  __body?(body: T): void;
}

/** A second factor for POST /auth/mfa/verify. */
export type MfaProof = { readonly code: string } | { readonly recoveryCode: string };

/** Where an API answers: an application of this process, or a child process (api-process.ts). */
export type ApiEndpoint = Pick<TestApp, 'url'>;

/** The JSON body of a response that must have `status` (200 unless told); the text on failure. */
export async function bodyOf<T>(
  response: ApiResponse<T> | Promise<ApiResponse<T>>,
  status = 200,
): Promise<T> {
  const settled = await response;
  const text = await settled.text();
  expect(settled.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/**
 * The API as its clients call it: one method per route the suites share, each answering the raw
 * response (to assert refusals) typed with the body it has on success (to read with `bodyOf`).
 */
export class ApiClient {
  constructor(
    readonly endpoint: ApiEndpoint,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  /** The same client, sending these headers too (a user agent, X-Forwarded-For…). */
  with(headers: Readonly<Record<string, string>>): ApiClient {
    return new ApiClient(this.endpoint, { ...this.headers, ...headers });
  }

  /** Any route: JSON body when given, bearer token when given. */
  send<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    accessToken?: string,
  ): Promise<ApiResponse<T>> {
    return fetch(`${this.endpoint.url}${path}`, {
      method,
      headers: {
        ...this.headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  register(email: string, password: string): Promise<ApiResponse<never>> {
    return this.send('POST', '/auth/register', { email, password });
  }

  verifyEmail(token: string): Promise<ApiResponse<never>> {
    return this.send('POST', '/auth/verify-email', { token });
  }

  login(email: string, password: string): Promise<ApiResponse<Tokens | MfaChallenge>> {
    return this.send('POST', '/auth/login', { email, password });
  }

  verifyMfa(mfaToken: string, proof: MfaProof): Promise<ApiResponse<MfaTokens>> {
    return this.send('POST', '/auth/mfa/verify', { mfaToken, ...proof });
  }

  refresh(refreshToken: unknown): Promise<ApiResponse<Tokens>> {
    return this.send('POST', '/auth/refresh', { refreshToken });
  }

  logout(accessToken?: string): Promise<ApiResponse<never>> {
    return this.send('POST', '/auth/logout', undefined, accessToken);
  }

  logoutAll(accessToken: string): Promise<ApiResponse<never>> {
    return this.send('POST', '/auth/logout-all', undefined, accessToken);
  }

  reauthenticate(password: string, accessToken: string): Promise<ApiResponse<Tokens>> {
    return this.send('POST', '/auth/reauthenticate', { password }, accessToken);
  }

  stepUp(code: string, accessToken: string): Promise<ApiResponse<Tokens>> {
    return this.send('POST', '/auth/mfa/step-up', { code }, accessToken);
  }

  changePassword(
    currentPassword: string,
    newPassword: string,
    accessToken: string,
  ): Promise<ApiResponse<never>> {
    return this.send(
      'POST',
      '/auth/password/change',
      { currentPassword, newPassword },
      accessToken,
    );
  }

  me(accessToken?: string): Promise<ApiResponse<Profile>> {
    return this.send('GET', '/users/me', undefined, accessToken);
  }

  updateProfile(changes: unknown, accessToken: string): Promise<ApiResponse<Profile>> {
    return this.send('PATCH', '/users/me', changes, accessToken);
  }

  currentSession(accessToken?: string): Promise<ApiResponse<CurrentSession>> {
    return this.send('GET', '/auth/session', undefined, accessToken);
  }

  sessions(accessToken: string): Promise<ApiResponse<SessionItem[]>> {
    return this.send('GET', '/auth/sessions', undefined, accessToken);
  }

  revokeSession(sessionId: string, accessToken: string): Promise<ApiResponse<never>> {
    return this.send('DELETE', `/auth/sessions/${sessionId}`, undefined, accessToken);
  }

  totpSetup(accessToken: string): Promise<ApiResponse<TotpSetup>> {
    return this.send('POST', '/auth/mfa/totp/setup', undefined, accessToken);
  }

  totpConfirm(code: string, accessToken: string): Promise<ApiResponse<RecoveryCodes>> {
    return this.send('POST', '/auth/mfa/totp/confirm', { code }, accessToken);
  }

  adminUsers(query: string, accessToken: string): Promise<ApiResponse<AdminUserPage>> {
    return this.send('GET', `/admin/users${query}`, undefined, accessToken);
  }

  replaceRoles(
    userId: string,
    roles: unknown,
    accessToken: string,
  ): Promise<ApiResponse<AdminUser>> {
    return this.send('PUT', `/admin/users/${userId}/roles`, { roles }, accessToken);
  }

  auditEvents(query: string, accessToken: string): Promise<ApiResponse<AuditEventPage>> {
    return this.send('GET', `/admin/audit-events${query}`, undefined, accessToken);
  }

  ipBans(query: string, accessToken: string): Promise<ApiResponse<IpBanPage>> {
    return this.send('GET', `/admin/ip-bans${query}`, undefined, accessToken);
  }

  /** A login that must start a session at once (no second factor asked). */
  async signIn(email: string, password: string): Promise<Tokens> {
    const tokens = await bodyOf(this.login(email, password));
    expect(tokens).not.toHaveProperty('mfaRequired');
    return tokens as Tokens;
  }

  /** The password step of a login that must answer with an MFA challenge, and no token. */
  async passwordStep(email: string, password: string): Promise<MfaChallenge> {
    const body = await bodyOf(this.login(email, password));
    expect(body).not.toHaveProperty('accessToken');
    expect(body).not.toHaveProperty('refreshToken');
    return body as MfaChallenge;
  }

  /** A refresh that must succeed. */
  refreshed(refreshToken: string): Promise<Tokens> {
    return bodyOf(this.refresh(refreshToken));
  }
}

/** The client of a test application or child process, with no header of its own. */
export function apiClient(endpoint: ApiEndpoint): ApiClient {
  return new ApiClient(endpoint);
}
