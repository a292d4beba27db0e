import { createHash } from 'node:crypto';
import { hash as argon2Hash, type Algorithm } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsOf } from './support/audit-events.js';
import {
  GOOD_PASSWORD,
  login,
  registerVerified,
  send,
  settle,
  signedInUser,
  type Tokens,
} from './support/identity.js';
import { apiClient, bodyOf, type ApiClient } from './support/api-client.js';
import { latestMailedToken, readOutbox, type OutboxMail } from './support/outbox.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

const PROBLEM = 'urn:bulwark:problem:';
// What differs between any two responses, whatever they answer.
const VOLATILE_HEADERS = new Set(['x-request-id', 'date']);
const MAILED_TOKEN = /#token=((?:bev|bpr)_[A-Za-z0-9_-]{43})/;
const DEFAULT_HASH_PREFIX = '$argon2id$v=19$m=19456,t=2,p=1$';
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- Algorithm is a const enum, which isolated modules cannot read at run time.
const ARGON2ID: Algorithm = 2;

/** Status, headers and body of a response, without the request id and date every response differs by. */
interface Comparable {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

async function comparable(response: Response): Promise<Comparable> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!VOLATILE_HEADERS.has(name)) {
      headers[name] = value;
    }
  });
  const text = await response.clone().text();
  if (text === '') {
    return { status: response.status, headers, body: '' };
  }
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body.requestId).toBe(response.headers.get('x-request-id'));
  delete body.requestId;
  return { status: response.status, headers, body };
}

function requestIdOf(response: Response): string {
  const id = response.headers.get('x-request-id');
  if (id === null) {
    throw new Error('response without X-Request-Id');
  }
  return id;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function tokenIn(mail: OutboxMail | undefined): string | undefined {
  return mail === undefined ? undefined : MAILED_TOKEN.exec(mail.body)?.[1];
}

describe.each(testDatabases())('accounts on $kind', (database) => {
  let api: TestApp;
  let client: ApiClient;
  let sql: DataSource;
  let counter = 0;

  beforeAll(async () => {
    // The lockout tests log in to one account more often than the per-account limit allows.
    api = await startTestApp({ database, env: { THROTTLE_LOGIN: '30/60' } });
    client = apiClient(api);
    sql = api.app.get(DataSource);
  });
  afterAll(async () => {
    await api.close();
  });

  /** A new address for each use, so that lockouts and mails of one test never meet another's. */
  const address = (label: string): string => `${label}.${++counter}@example.com`;
  const attempt = (email: string, password: string) => client.login(email, password);
  const me = (accessToken: string) => client.me(accessToken);
  const refresh = (refreshToken: string) => client.refresh(refreshToken);
  const mailsTo = (email: string): OutboxMail[] =>
    readOutbox(api.config.dataDir).filter((mail) => mail.to.toLowerCase() === email.toLowerCase());
  const lastTokenTo = (email: string, prefix: 'bev' | 'bpr'): string => {
    const token = mailsTo(email)
      .map((mail) => tokenIn(mail))
      .filter((found) => found?.startsWith(`${prefix}_`))
      .at(-1);
    if (token === undefined) {
      throw new Error(`no ${prefix} token mailed to ${email}`);
    }
    return token;
  };
  const register = async (email: string, password = GOOD_PASSWORD): Promise<Response> => {
    const response = await client.register(email, password);
    await settle(api);
    return response;
  };
  const forgot = async (email: string): Promise<Response> => {
    const response = await send(api, 'POST', '/auth/password/forgot', { email });
    await settle(api);
    return response;
  };
  const userIdOf = async (tokens: Tokens): Promise<string> =>
    (await bodyOf(me(tokens.accessToken))).id;
  const storedHashOf = async (userId: string): Promise<string> => {
    const [row] = await sql.query<{ password_hash: string }[]>(
      'SELECT password_hash FROM users WHERE id = $1',
      [userId],
    );
    if (row === undefined) {
      throw new Error(`no user ${userId}`);
    }
    return row.password_hash;
  };
  const userCount = async (): Promise<number> => {
    const [row] = await sql.query<{ n: number }[]>('SELECT count(*)::int AS n FROM users');
    return row?.n ?? 0;
  };
  /** Moves a mailed token's expiry into the past, as if its TTL had run out. */
  const expire = async (token: string): Promise<void> => {
    const rows = await sql.query<{ n: number }[]>(
      `WITH expired AS (
         UPDATE account_tokens SET expires_at = now() - interval '1 minute'
         WHERE token_hash = $1 RETURNING token_hash
       ) SELECT count(*)::int AS n FROM expired`,
      [sha256(token)],
    );
    expect(rows).toEqual([{ n: 1 }]);
  };
  /** Five wrong passwords in a row: the fifth places the lock. */
  const failFiveTimes = async (email: string): Promise<Response[]> => {
    const failures: Response[] = [];
    for (let n = 1; n <= 5; n++) {
      const response = await attempt(email, `not the password, try ${n}`);
      await expectProblem(response.clone(), 401);
      failures.push(response);
    }
    return failures;
  };
  const expectInvalidToken = async (response: Response): Promise<void> => {
    expect((await expectProblem(response, 400)).type).toBe(`${PROBLEM}invalid-token`);
  };

  describe('POST /auth/register', () => {
    it('answers a new, a verified and an unverified address with the same status, headers and body', async () => {
      const verified = address('taken.verified');
      const unverified = address('taken.unverified');
      await registerVerified(api, verified);
      await register(unverified);

      const answers = [];
      for (const email of [address('brand.new'), verified, unverified]) {
        const response = await send(api, 'POST', '/auth/register', {
          email,
          password: GOOD_PASSWORD,
        });
        answers.push(await comparable(response));
      }
      await settle(api);

      expect(answers[0]).toMatchObject({ status: 202, body: '' });
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    });

    it('mails a verification link to a new address, and the answer carries no token', async () => {
      const email = address('new.account');
      const response = await register(email);
      expect(response.status).toBe(202);
      const text = await response.text();

      const mails = mailsTo(email);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.subject).toBe('Confirm your e-mail address');
      const token = tokenIn(mails[0]);
      expect(token).toMatch(/^bev_/);
      expect(text).not.toContain(token);
      expect([...response.headers.values()].join('\n')).not.toContain(token);
    });

    it('mails the owner of a verified address that it has an account, with no link', async () => {
      const email = address('owner.verified');
      await registerVerified(api, email);
      const before = mailsTo(email).length;

      expect((await register(email, 'a different passphrase 2024')).status).toBe(202);

      const mails = mailsTo(email).slice(before);
      expect(mails.map((mail) => mail.subject)).toEqual(['You already have an account']);
      expect(mails[0]?.body).not.toMatch(/bev_|bpr_/);
      // The account keeps its password: the second registration changed nothing.
      await login(api, email);
      await expectProblem(await attempt(email, 'a different passphrase 2024'), 401);
    });

    it('lets no registrant’s password through a verification once an unverified address is registered twice (pre-hijacking)', async () => {
      const email = address('pre.hijack');
      const attackerPassword = 'the attacker chose this one';
      // The attacker registers the victim's address first, with a password of their own.
      await register(email, attackerPassword);
      const attackerLink = lastTokenTo(email, 'bev');
      // The victim registers later, with theirs.
      expect((await register(email)).status).toBe(202);

      expect(mailsTo(email).map((mail) => mail.subject)).toEqual([
        'Confirm your e-mail address',
        'Finish creating your account',
      ]);
      await expectInvalidToken(
        await send(api, 'POST', '/auth/verify-email', { token: attackerLink }),
      );
      await expectProblem(await attempt(email, attackerPassword), 403);
      // Whoever reads the mailbox chooses the password, and that confirms the address.
      const token = lastTokenTo(email, 'bpr');
      const reset = await send(api, 'POST', '/auth/password/reset', {
        token,
        newPassword: GOOD_PASSWORD,
      });
      expect(reset.status).toBe(204);
      await login(api, email);
      await expectProblem(await attempt(email, attackerPassword), 401);
    });

    it('treats an address differing only in letter case as taken', async () => {
      const email = address('Mixed.Case');
      await registerVerified(api, email);
      const users = await userCount();
      const before = mailsTo(email).length;

      expect((await register(email.toLowerCase())).status).toBe(202);

      expect(await userCount()).toBe(users);
      expect(
        mailsTo(email)
          .slice(before)
          .map((mail) => mail.subject),
      ).toEqual(['You already have an account']);
    });

    const SHORT = 'It is shorter than 12 characters.';
    const COMMON = 'It is a common password, or one seen in a data breach.';
    const LONG = 'It is longer than 128 characters.';
    it.each<[string, string, string[], string]>([
      ['too short', 'x7#Kq-9vL', ['too_short'], SHORT],
      ['a common password', 'password1234', ['breached'], COMMON],
      ['a common password in other letter case', 'PassWord1234', ['breached'], COMMON],
      ['short and common', 'password', ['too_short', 'breached'], `${SHORT} ${COMMON}`],
      [
        'derived from the e-mail address',
        'Policy.Subject rules forever',
        ['contains_email'],
        'It contains the e-mail address or a part of it.',
      ],
      ['longer than 128 code points', 'a'.repeat(129), ['too_long'], LONG],
      ['longer than 128 code points of astral characters', '🐎'.repeat(129), ['too_long'], LONG],
    ])(
      'refuses a password that is %s with 400 and its reasons, creating nothing',
      async (_label, password, reasons, detail) => {
        // Refused every time, so the address never gets an account and can be shared.
        const email = 'policy.subject@example.com';
        const users = await userCount();

        const response = await register(email, password);

        const problem = await expectProblem(response, 400);
        // Only the rules this password broke, in the reasons and in the detail alike.
        expect(problem).toMatchObject({ type: `${PROBLEM}password-rejected`, detail });
        expect(problem.reasons).toEqual(reasons);
        expect(Object.values(problem)).not.toContain(password);
        expect(await userCount()).toBe(users);
        expect(mailsTo(email)).toEqual([]);
      },
    );

    it.each<[string, string]>([
      ['64 characters', 'Sixty-four characters of a passphrase, '.padEnd(64, 'x')],
      ['128 code points', 'w'.repeat(128)],
      ['128 astral code points (256 UTF-16 units)', '🐎'.repeat(128)],
    ])('accepts a password of %s, and logs in with it', async (_label, password) => {
      const email = address('long.password');
      await registerVerified(api, email, password);
      await login(api, email, password);
      await expectProblem(await attempt(email, Array.from(password).slice(1).join('')), 401);
    });

    it('keeps the password exactly as typed: surrounding spaces are part of it', async () => {
      const email = address('spaces');
      const password = `  ${GOOD_PASSWORD}  `;
      await registerVerified(api, email, password);

      await expectProblem(await attempt(email, GOOD_PASSWORD), 401);
      await expectProblem(await attempt(email, `  ${GOOD_PASSWORD}`), 401);
      await login(api, email, password);
    });

    it.each<[string, Record<string, unknown>]>([
      ['roles', { roles: ['admin'] }],
      ['emailVerified', { emailVerified: true }],
      ['isAdmin', { isAdmin: true }],
    ])('refuses the unknown field %s with 400 and creates nothing', async (field, extra) => {
      const email = address('mass.assignment');
      const users = await userCount();

      const response = await send(api, 'POST', '/auth/register', {
        email,
        password: GOOD_PASSWORD,
        ...extra,
      });
      await settle(api);

      const problem = await expectProblem(response, 400);
      expect(problem.type).toBe(`${PROBLEM}validation-failed`);
      expect(problem.invalidParams).toContainEqual(expect.objectContaining({ name: field }));
      expect(await userCount()).toBe(users);
      expect(mailsTo(email)).toEqual([]);
      // The right password of an unverified account would get 403: no account exists.
      await expectProblem(await attempt(email, GOOD_PASSWORD), 401);
    });

    it.each<[string, unknown]>([
      ['an address without @', 'not-an-address'],
      ['an address without a domain', 'someone@'],
      ['an address with a header injection', 'victim@example.com\r\nBcc: attacker@example.com'],
      ['a number', 42],
      ['no value', undefined],
    ])('refuses %s as the e-mail address with 400', async (_label, email) => {
      const users = await userCount();
      const response = await send(api, 'POST', '/auth/register', {
        email,
        password: GOOD_PASSWORD,
      });
      await settle(api);

      const problem = await expectProblem(response, 400);
      expect(problem.type).toBe(`${PROBLEM}validation-failed`);
      expect(problem.invalidParams).toContainEqual(expect.objectContaining({ name: 'email' }));
      expect(await userCount()).toBe(users);
    });

    it('stores no plaintext e-mail and an argon2id hash, and finds the account by any letter case', async () => {
      const email = address('Encrypted.Columns');
      await registerVerified(api, email);

      const rows = await sql.query<Record<string, unknown>[]>('SELECT * FROM users');
      const dump = JSON.stringify(rows).toLowerCase();
      expect(dump).not.toContain(email.toLowerCase());
      expect(dump).not.toContain(email.split('@')[0]!.toLowerCase());

      const tokens = await login(api, email.toUpperCase());
      const userId = await userIdOf(tokens);
      expect(await storedHashOf(userId)).toMatch(
        /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]{43}$/,
      );
      expect((await storedHashOf(userId)).startsWith(DEFAULT_HASH_PREFIX)).toBe(true);
      await login(api, email.toLowerCase());
      await login(api, email);
      await expectProblem(await attempt(email.toUpperCase(), 'not the password at all'), 401);
    });
  });

  describe('POST /auth/verify-email', () => {
    it('verifies an address once; the same token again is refused', async () => {
      const email = address('verify.once');
      await register(email);
      const token = lastTokenTo(email, 'bev');

      const first = await send(api, 'POST', '/auth/verify-email', { token });
      expect(first.status).toBe(204);
      expect(await first.text()).toBe('');
      await expectInvalidToken(await send(api, 'POST', '/auth/verify-email', { token }));

      const profile = await bodyOf(me((await login(api, email)).accessToken));
      expect(profile.emailVerified).toBe(true);
    });

    it.each<[string, (email: string) => Promise<string>]>([
      ['a garbage token', () => Promise.resolve('not-a-token')],
      ['an unknown well-formed token', () => Promise.resolve(`bev_${'A'.repeat(43)}`)],
      [
        'a password reset token of the account',
        async (email) => {
          await forgot(email);
          return lastTokenTo(email, 'bpr');
        },
      ],
      [
        'an expired token',
        async (email) => {
          const token = lastTokenTo(email, 'bev');
          await expire(token);
          return token;
        },
      ],
    ])('refuses %s with 400 and leaves the address unverified', async (_label, tokenFor) => {
      const email = address('verify.refused');
      await register(email);
      const token = await tokenFor(email);

      await expectInvalidToken(await send(api, 'POST', '/auth/verify-email', { token }));

      const refused = await expectProblem(await attempt(email, GOOD_PASSWORD), 403);
      expect(refused.type).toBe(`${PROBLEM}email-not-verified`);
    });

    it('refuses login before verification with 403 only for the right password', async () => {
      const email = address('unverified.login');
      await register(email);

      const right = await attempt(email, GOOD_PASSWORD);
      const problem = await expectProblem(right.clone(), 403);
      expect(problem.type).toBe(`${PROBLEM}email-not-verified`);

      const wrong = await comparable(await attempt(email, 'not the password at all'));
      const unknown = await comparable(await attempt(address('nobody'), 'not the password at all'));
      expect(wrong).toMatchObject({ status: 401, body: { type: `${PROBLEM}invalid-credentials` } });
      expect(wrong).toEqual(unknown);
    });
  });

  describe('POST /auth/login', () => {
    it('answers a wrong password and an unknown address with the same status, headers and body', async () => {
      const email = address('known');
      await registerVerified(api, email);

      const wrong = await attempt(email, 'not the password at all');
      const unknown = await attempt(address('unknown'), 'not the password at all');

      const problem = await expectProblem(wrong.clone(), 401);
      expect(problem.type).toBe(`${PROBLEM}invalid-credentials`);
      expect(await comparable(unknown)).toEqual(await comparable(wrong));
    });

    it('returns the tokens response, not cacheable, with tokens that work', async () => {
      const email = address('tokens');
      await registerVerified(api, email);

      const response = await attempt(email, GOOD_PASSWORD);

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const tokens = await bodyOf<Tokens>(response);
      expect(Object.keys(tokens).sort()).toEqual([
        'accessToken',
        'expiresIn',
        'refreshToken',
        'tokenType',
      ]);
      expect(tokens).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) as unknown,
        refreshToken: expect.stringMatching(/^brt_[\w-]{43}$/) as unknown,
        tokenType: 'Bearer',
        expiresIn: 600,
      });
      expect((await me(tokens.accessToken)).status).toBe(200);
      expect((await refresh(tokens.refreshToken)).status).toBe(200);
    });

    it('locks an account after 5 failures: the 6th attempt gets 429 even with the right password', async () => {
      const email = address('lockout.known');
      const userId = await userIdOf(await signedInUser(api, email));

      const failures = await failFiveTimes(email);
      const locked = await attempt(email, GOOD_PASSWORD);

      const problem = await expectProblem(locked.clone(), 429);
      expect(problem).toEqual({
        type: `${PROBLEM}too-many-attempts`,
        title: 'Too many failed attempts.',
        status: 429,
        detail: 'Retry after the delay in Retry-After.',
        requestId: requestIdOf(locked),
      });
      const retryAfter = locked.headers.get('retry-after') ?? '';
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(55);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);

      const [, , , , fifth] = failures.map(requestIdOf);
      const events = await auditEventsOf(api, [...failures, locked].map(requestIdOf));
      const target = `user:${userId}`;
      expect(events).toEqual([
        ...failures.map((failure, index) => ({
          event: 'authn_login_fail',
          outcome: 'failure',
          actor: userId,
          target,
          requestId: requestIdOf(failure),
          metadata: { reason: 'wrong_password', failures: index + 1 },
        })),
        expect.objectContaining({ event: 'authn_login_fail_max', target, requestId: fifth }),
        expect.objectContaining({
          event: 'authn_login_lock',
          actor: 'system',
          target,
          requestId: fifth,
          metadata: { seconds: 60 },
        }),
        expect.objectContaining({
          event: 'authn_login_fail',
          requestId: requestIdOf(locked),
          metadata: { reason: 'locked' },
        }),
      ]);
    });

    it('locks an unknown address the same way, with the same answer as a known one', async () => {
      const known = address('lockout.twin');
      await registerVerified(api, known);
      const unknown = address('lockout.unknown');

      const knownFailures = await failFiveTimes(known);
      const unknownFailures = await failFiveTimes(unknown);
      const knownLocked = await attempt(known, GOOD_PASSWORD);
      const unknownLocked = await attempt(unknown, GOOD_PASSWORD);

      await expectProblem(unknownLocked.clone(), 429);
      const retryAfter = Number(unknownLocked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(55);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const withoutRetryAfter = async (response: Response): Promise<Comparable> => {
        const { headers, ...rest } = await comparable(response);
        return { ...rest, headers: { ...headers, 'retry-after': '(ignored)' } };
      };
      expect(await withoutRetryAfter(unknownLocked)).toEqual(await withoutRetryAfter(knownLocked));
      for (const [index, failure] of unknownFailures.entries()) {
        expect(await comparable(failure)).toEqual(await comparable(knownFailures[index]!));
      }

      const events = await auditEventsOf(api, unknownFailures.map(requestIdOf));
      expect(events.map(({ event, actor, target }) => ({ event, actor, target }))).toEqual([
        ...unknownFailures.map(() => ({
          event: 'authn_login_fail',
          actor: 'anonymous',
          target: null,
        })),
        { event: 'authn_login_fail_max', actor: 'anonymous', target: null },
        { event: 'authn_login_lock', actor: 'system', target: null },
      ]);
      expect(events[0]?.metadata).toEqual({ reason: 'unknown_account', failures: 1 });
    });

    it('starts counting again after a successful login', async () => {
      const email = address('lockout.reset');
      await registerVerified(api, email);

      for (let n = 0; n < 4; n++) {
        await expectProblem(await attempt(email, `wrong before, try ${n}`), 401);
      }
      await login(api, email);
      for (let n = 0; n < 4; n++) {
        await expectProblem(await attempt(email, `wrong after, try ${n}`), 401);
      }
      await login(api, email);

      // The count started again: the fifth failure after the last success locks.
      await failFiveTimes(email);
      await expectProblem(await attempt(email, GOOD_PASSWORD), 429);
    });
  });

  describe('password rehash', () => {
    it('rehashes a hash weaker than configured at the next successful login only', async () => {
      const email = address('rehash');
      const userId = await userIdOf(await signedInUser(api, email));
      const weak = await argon2Hash(GOOD_PASSWORD, {
        algorithm: ARGON2ID,
        memoryCost: 19_456,
        timeCost: 1,
        parallelism: 1,
      });
      expect(weak.startsWith('$argon2id$v=19$m=19456,t=1,p=1$')).toBe(true);
      await sql.query('UPDATE users SET password_hash = $1 WHERE id = $2', [weak, userId]);

      await expectProblem(await attempt(email, 'not the password at all'), 401);
      expect(await storedHashOf(userId)).toBe(weak);

      await login(api, email);
      const upgraded = await storedHashOf(userId);
      expect(upgraded.startsWith(DEFAULT_HASH_PREFIX)).toBe(true);

      await login(api, email);
      expect(await storedHashOf(userId)).toBe(upgraded);
    });
  });

  describe('password reset', () => {
    it('answers forgot the same for a known and an unknown address, and mails only the known', async () => {
      const known = address('forgot.known');
      const unknown = address('forgot.unknown');
      await registerVerified(api, known);

      const answers = [
        await comparable(await forgot(known)),
        await comparable(await forgot(unknown)),
      ];

      expect(answers[0]).toMatchObject({ status: 202, body: '' });
      expect(answers[1]).toEqual(answers[0]);
      const mails = mailsTo(known);
      expect(mails.at(-1)?.subject).toBe('Reset your password');
      expect(tokenIn(mails.at(-1))).toMatch(/^bpr_/);
      expect(mailsTo(unknown)).toEqual([]);
    });

    it('resets the password once and ends every session of the account', async () => {
      const email = address('reset.sessions');
      const first = await signedInUser(api, email);
      const second = await login(api, email);
      await forgot(email);
      const token = lastTokenTo(email, 'bpr');
      const newPassword = 'a brand new passphrase for reset';

      const reset = await send(api, 'POST', '/auth/password/reset', { token, newPassword });

      expect(reset.status).toBe(204);
      expect(await reset.text()).toBe('');
      for (const session of [first, second]) {
        await expectProblem(await me(session.accessToken), 401);
        await expectProblem(await refresh(session.refreshToken), 401);
      }
      await expectProblem(await attempt(email, GOOD_PASSWORD), 401);
      await login(api, email, newPassword);
      await expectInvalidToken(
        await send(api, 'POST', '/auth/password/reset', {
          token,
          newPassword: 'yet another passphrase here',
        }),
      );
      await login(api, email, newPassword);
      await settle(api);
      expect(mailsTo(email).at(-1)?.subject).toBe('Your password was changed');
    });

    it.each<[string, (email: string) => string, string[]]>([
      ['a common password', () => 'password1234', ['breached']],
      ['a short one', () => 'short', ['too_short']],
      [
        'one derived from the address',
        (email) => `${email.split('@')[0]!.toUpperCase()} is my password`,
        ['contains_email'],
      ],
      ['an over-long one', () => 'z'.repeat(129), ['too_long']],
    ])(
      'refuses %s with 400 and its reasons, leaving the token usable',
      async (_label, passwordFor, reasons) => {
        const email = address('reset.policy');
        const newPassword = passwordFor(email);
        await registerVerified(api, email);
        await forgot(email);
        const token = lastTokenTo(email, 'bpr');

        const problem = await expectProblem(
          await send(api, 'POST', '/auth/password/reset', { token, newPassword }),
          400,
        );

        expect(problem).toMatchObject({ type: `${PROBLEM}password-rejected`, reasons });
        await login(api, email);
        const retry = await send(api, 'POST', '/auth/password/reset', {
          token,
          newPassword: 'an acceptable passphrase',
        });
        expect(retry.status).toBe(204);
      },
    );

    it('voids the earlier reset link when another is requested', async () => {
      const email = address('reset.twice');
      await registerVerified(api, email);
      await forgot(email);
      const first = lastTokenTo(email, 'bpr');
      await forgot(email);
      const second = lastTokenTo(email, 'bpr');
      expect(second).not.toBe(first);

      await expectInvalidToken(
        await send(api, 'POST', '/auth/password/reset', {
          token: first,
          newPassword: 'first link passphrase',
        }),
      );
      await login(api, email);
      const reset = await send(api, 'POST', '/auth/password/reset', {
        token: second,
        newPassword: 'second link passphrase',
      });
      expect(reset.status).toBe(204);
      await login(api, email, 'second link passphrase');
    });

    it('refuses an expired reset token, keeping the password', async () => {
      const email = address('reset.expired');
      await registerVerified(api, email);
      await forgot(email);
      const token = lastTokenTo(email, 'bpr');
      await expire(token);

      await expectInvalidToken(
        await send(api, 'POST', '/auth/password/reset', {
          token,
          newPassword: 'too late for this one',
        }),
      );
      await login(api, email);
      await expectProblem(await attempt(email, 'too late for this one'), 401);
    });

    it('refuses a verification token as a reset token, which stays good for verification', async () => {
      const email = address('reset.with.bev');
      await register(email);
      const token = lastTokenTo(email, 'bev');

      await expectInvalidToken(
        await send(api, 'POST', '/auth/password/reset', {
          token,
          newPassword: 'wrong kind of token',
        }),
      );
      expect((await send(api, 'POST', '/auth/verify-email', { token })).status).toBe(204);
      await login(api, email);
      await expectProblem(await attempt(email, 'wrong kind of token'), 401);
    });

    it('lifts the lockout of the account', async () => {
      const email = address('reset.locked');
      await registerVerified(api, email);
      await failFiveTimes(email);
      await expectProblem(await attempt(email, GOOD_PASSWORD), 429);
      await forgot(email);

      const reset = await send(api, 'POST', '/auth/password/reset', {
        token: lastTokenTo(email, 'bpr'),
        newPassword: 'unlocked by the mailbox',
      });

      expect(reset.status).toBe(204);
      await login(api, email, 'unlocked by the mailbox');
    });
  });

  describe('POST /auth/password/change', () => {
    const change = (
      tokens: Tokens,
      currentPassword: string,
      newPassword: string,
    ): Promise<Response> =>
      send(
        api,
        'POST',
        '/auth/password/change',
        { currentPassword, newPassword },
        tokens.accessToken,
      );

    it('refuses a wrong current password with 400, counted toward the login lockout', async () => {
      const email = address('change.wrong');
      const tokens = await signedInUser(api, email);
      const userId = await userIdOf(tokens);

      const refusals: Response[] = [];
      for (let n = 1; n <= 5; n++) {
        const response = await change(tokens, `not the current one ${n}`, 'a fresh passphrase');
        const problem = await expectProblem(response.clone(), 400);
        expect(problem.type).toBe(`${PROBLEM}current-password-incorrect`);
        refusals.push(response);
      }

      await expectProblem(await attempt(email, GOOD_PASSWORD), 429);
      await expectProblem(await change(tokens, GOOD_PASSWORD, 'a fresh passphrase'), 429);
      const events = await auditEventsOf(api, refusals.map(requestIdOf));
      expect(events.filter(({ event }) => event === 'authn_password_change_fail')).toHaveLength(5);
      expect(events[0]).toMatchObject({ actor: userId, metadata: { reason: 'wrong_password' } });
      expect(events.map(({ event }) => event)).toContain('authn_login_lock');
      // The password did not change.
      expect((await me(tokens.accessToken)).status).toBe(200);
    });

    it('applies the password policy to the new password', async () => {
      const email = address('change.policy');
      const tokens = await signedInUser(api, email);

      const problem = await expectProblem(await change(tokens, GOOD_PASSWORD, 'password1234'), 400);

      expect(problem).toMatchObject({ type: `${PROBLEM}password-rejected`, reasons: ['breached'] });
      await login(api, email);
      await expectProblem(await attempt(email, 'password1234'), 401);
    });

    it("changes the password, keeps the caller's session and revokes the others", async () => {
      const email = address('change.ok');
      const caller = await signedInUser(api, email);
      const other = await login(api, email);
      const newPassword = 'changed on purpose today';

      const response = await change(caller, GOOD_PASSWORD, newPassword);

      expect(response.status).toBe(204);
      expect((await me(caller.accessToken)).status).toBe(200);
      await expectProblem(await me(other.accessToken), 401);
      await expectProblem(await refresh(other.refreshToken), 401);
      expect((await refresh(caller.refreshToken)).status).toBe(200);
      await expectProblem(await attempt(email, GOOD_PASSWORD), 401);
      await login(api, email, newPassword);
      await settle(api);
      expect(mailsTo(email).at(-1)?.subject).toBe('Your password was changed');
    });

    it('voids a reset link mailed before the change, which would otherwise undo it', async () => {
      const email = address('change.reset');
      const tokens = await signedInUser(api, email);
      await send(api, 'POST', '/auth/password/forgot', { email });
      await settle(api);
      const resetToken = latestMailedToken(api.config.dataDir, email, 'bpr');
      const newPassword = 'changed before the reset';

      expect((await change(tokens, GOOD_PASSWORD, newPassword)).status).toBe(204);

      const reset = { token: resetToken, newPassword: 'the attacker would set this' };
      await expectProblem(await send(api, 'POST', '/auth/password/reset', reset), 400);
      await login(api, email, newPassword);
    });

    it('needs a valid access token', async () => {
      const body = { currentPassword: GOOD_PASSWORD, newPassword: 'no token no change' };
      await expectProblem(await send(api, 'POST', '/auth/password/change', body), 401);
      await expectProblem(
        await send(api, 'POST', '/auth/password/change', body, 'not.a.token'),
        401,
      );
    });
  });

  describe('GET and PATCH /users/me', () => {
    it('returns the own profile, not cacheable, without any secret', async () => {
      const email = address('Profile.Owner');
      expect(
        (
          await send(api, 'POST', '/auth/register', {
            email,
            password: GOOD_PASSWORD,
            displayName: 'Ada',
          })
        ).status,
      ).toBe(202);
      await settle(api);
      await send(api, 'POST', '/auth/verify-email', { token: lastTokenTo(email, 'bev') });
      const tokens = await login(api, email);

      const response = await me(tokens.accessToken);

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const text = await response.text();
      expect(text).not.toMatch(/argon2|\$v=|bi1:|ef1:|hash|blind|password/i);
      const profile = JSON.parse(text) as Record<string, unknown>;
      expect(profile).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
        email,
        displayName: 'Ada',
        roles: ['user'],
        mfaEnabled: false,
        emailVerified: true,
      });
    });

    it('needs a valid access token', async () => {
      await expectProblem(await send(api, 'GET', '/users/me'), 401);
      await expectProblem(await me('not.a.token'), 401);
    });

    it('updates the display name', async () => {
      const tokens = await signedInUser(api, address('rename'));

      const response = await client.updateProfile({ displayName: 'Grace' }, tokens.accessToken);

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toMatchObject({ displayName: 'Grace', roles: ['user'] });
      expect(await bodyOf(me(tokens.accessToken))).toMatchObject({ displayName: 'Grace' });
    });

    it('counts a display name in code points, as the database does: 400, not 500', async () => {
      const tokens = await signedInUser(api, address('rename.long'));
      // 120 code points that class-validator's Length would count as 60.
      const displayName = 'a\uFE0F'.repeat(60);

      const patch = { displayName };
      await expectProblem(await client.updateProfile(patch, tokens.accessToken), 400);
      const registration = { email: address('long.name'), password: GOOD_PASSWORD, displayName };
      await expectProblem(await send(api, 'POST', '/auth/register', registration), 400);
      expect(
        await bodyOf(
          client.updateProfile({ displayName: 'a\uFE0F'.repeat(50) }, tokens.accessToken),
        ),
      ).toMatchObject({ displayName: 'a\uFE0F'.repeat(50) });
    });

    it.each<[string, Record<string, unknown>]>([
      ['roles', { roles: ['admin'] }],
      ['email', { email: 'someone.else@example.com' }],
      ['emailVerified', { emailVerified: false }],
      ['mfaEnabled', { mfaEnabled: true }],
      ['id', { id: '00000000-0000-7000-8000-000000000000' }],
    ])('refuses %s with 400 and changes nothing', async (field, body) => {
      const email = address('no.escalation');
      const tokens = await signedInUser(api, email);
      const before = await bodyOf(me(tokens.accessToken));

      const response = await client.updateProfile(
        { displayName: 'Mallory', ...body },
        tokens.accessToken,
      );

      const problem = await expectProblem(response, 400);
      expect(problem.invalidParams).toContainEqual(expect.objectContaining({ name: field }));
      const after = await bodyOf(me(tokens.accessToken));
      expect(after).toEqual(before);
      expect(after).toMatchObject({ email, roles: ['user'], displayName: null });
    });
  });

  describe('secrets', () => {
    it('never mails a password, and never answers with a mailed token', async () => {
      const email = address('secrets');
      const passwords = [GOOD_PASSWORD, 'the reset passphrase', 'the changed passphrase'];
      const answers: string[] = [];
      const call = async (
        method: string,
        path: string,
        body?: unknown,
        accessToken?: string,
      ): Promise<Response> => {
        const response = await send(api, method, path, body, accessToken);
        const headers: string[] = [];
        response.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
        answers.push(headers.join('\n'), await response.clone().text());
        await settle(api);
        return response;
      };

      await call('POST', '/auth/register', { email, password: passwords[0] });
      await call('POST', '/auth/register', { email, password: passwords[0] });
      await call('POST', '/auth/password/reset', {
        token: lastTokenTo(email, 'bpr'),
        newPassword: passwords[0],
      });
      await call('POST', '/auth/register', { email, password: passwords[0] });
      await call('POST', '/auth/password/forgot', { email });
      await call('POST', '/auth/password/reset', {
        token: lastTokenTo(email, 'bpr'),
        newPassword: passwords[1],
      });
      const tokens = await bodyOf<Tokens>(
        call('POST', '/auth/login', { email, password: passwords[1] }),
      );
      await call(
        'POST',
        '/auth/password/change',
        { currentPassword: passwords[1], newPassword: passwords[2] },
        tokens.accessToken,
      );
      await call('GET', '/users/me', undefined, tokens.accessToken);

      const mine = mailsTo(email);
      expect(mine.map((mail) => mail.subject)).toEqual([
        'Confirm your e-mail address',
        'Finish creating your account',
        'Your password was changed',
        'You already have an account',
        'Reset your password',
        'Your password was changed',
        'Your password was changed',
      ]);
      const mailed = mine.map((mail) => tokenIn(mail)).filter((token) => token !== undefined);
      expect(mailed).toHaveLength(3);
      for (const answer of answers) {
        expect(answer).not.toMatch(/bev_|bpr_/);
        for (const token of mailed) {
          expect(answer).not.toContain(token);
        }
      }
      // Every mail this suite has sent, not only this test's.
      for (const mail of readOutbox(api.config.dataDir)) {
        for (const password of passwords) {
          expect(`${mail.subject}\n${mail.body}`).not.toContain(password);
        }
      }
    });
  });
});

// Its own app, started once the suite above has closed its own: see the last suite for why.
describe.each(testDatabases())(
  'login with UNSAFE_ALLOW_UNVERIFIED_LOGIN=true on $kind',
  (database) => {
    let api: TestApp;

    beforeAll(async () => {
      api = await startTestApp({ database, env: { UNSAFE_ALLOW_UNVERIFIED_LOGIN: 'true' } });
    });
    afterAll(async () => {
      await api.close();
    });

    it('lets an unverified account log in, with the right password only', async () => {
      const email = 'unsafe.unverified@example.com';
      expect(
        (await send(api, 'POST', '/auth/register', { email, password: GOOD_PASSWORD })).status,
      ).toBe(202);
      await settle(api);

      const tokens = await login(api, email);
      const profile = await bodyOf(apiClient(api).me(tokens.accessToken));
      expect(profile.emailVerified).toBe(false);
      await expectProblem(
        await send(api, 'POST', '/auth/login', { email, password: 'not the password at all' }),
        401,
      );
    });
  },
);

describe('access tokens with two API instances in one process', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp();
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('each instance accepts the access tokens it issued', async () => {
    const firstTokens = await signedInUser(first, 'first.instance@example.com');
    const secondTokens = await signedInUser(second, 'second.instance@example.com');

    const answers = await Promise.all([
      send(first, 'GET', '/users/me', undefined, firstTokens.accessToken),
      send(second, 'GET', '/users/me', undefined, secondTokens.accessToken),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
  });
});
