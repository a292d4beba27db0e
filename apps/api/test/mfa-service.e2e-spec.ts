import { DataSource, QueryFailedError } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidMfaCodeError,
  MfaAlreadyEnabledError,
  MfaNotEnabledError,
  NoPendingMfaSetupError,
} from '../src/identity/mfa/mfa.errors.js';
import { MfaModule } from '../src/identity/mfa/mfa.module.js';
import { MfaService } from '../src/identity/mfa/mfa.service.js';
import { UsersRepository } from '../src/identity/users/users.repository.js';
import { authenticatorCode, TOTP_STEP_MS } from './support/authenticator.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';
import { userWithEmail } from './support/users.js';

// What the injected clock reads at the start of every test; tests move it a step at a time.
const START_MS = 1_764_500_000_000;

describe.each(testDatabases())('MfaService on $kind', (database) => {
  let api: TestApp;
  let mfa: MfaService;
  let sql: DataSource;
  let now = START_MS;
  let emails = 0;

  beforeAll(async () => {
    const mfaOnTestClock = MfaModule.withClock(() => now);
    api = await startTestApp({ database, imports: [mfaOnTestClock] });
    // The application has its own MfaModule on the system clock: take this one's service.
    mfa = api.app.select(mfaOnTestClock).get(MfaService, { strict: true });
    sql = api.app.get(DataSource);
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(() => {
    now = START_MS;
  });

  async function newUser(): Promise<{ id: string; email: string }> {
    emails += 1;
    const user = await api.app
      .get(UsersRepository)
      .create(userWithEmail(`mfa-${emails}@example.com`));
    return { id: user.id, email: user.email };
  }

  /** A user with MFA enabled at START_MS; the confirming code's step is then spent. */
  async function enrolledUser(): Promise<{ id: string; secret: string; recoveryCodes: string[] }> {
    const user = await newUser();
    const { secret } = await mfa.startTotpSetup(user);
    const recoveryCodes = await mfa.confirmTotp(user.id, authenticatorCode(secret, now));
    return { id: user.id, secret, recoveryCodes };
  }

  async function mfaRows(userId: string): Promise<{ totp: number; recoveryCodes: number }> {
    const [row] = await sql.query<{ totp: number; recoveryCodes: number }[]>(
      `SELECT (SELECT count(*) FROM mfa_totp WHERE user_id = $1)::int AS totp,
              (SELECT count(*) FROM mfa_recovery_codes WHERE user_id = $1)::int AS "recoveryCodes"`,
      [userId],
    );
    return row!;
  }

  async function changesRecordedFor(userId: string): Promise<unknown[]> {
    const rows = await sql.query<{ metadata: unknown }[]>(
      `SELECT metadata FROM audit_events WHERE event = 'user_updated' AND target = $1 ORDER BY seq`,
      [`user:${userId}`],
    );
    return rows.map((row) => row.metadata);
  }

  it('starts a setup with an otpauth URI, a base32 secret and a PNG QR code, stored encrypted', async () => {
    const user = await newUser();
    const setup = await mfa.startTotpSetup(user);
    const issuer = encodeURIComponent(api.config.tokens.issuer);
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUrl).toBe(
      `otpauth://totp/${issuer}:${encodeURIComponent(user.email)}?secret=${setup.secret}` +
        `&issuer=${issuer}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(setup.qrCodeDataUrl).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    const rows = await sql.query<Record<string, unknown>[]>(
      'SELECT * FROM mfa_totp WHERE user_id = $1',
      [user.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        secret_encrypted: expect.stringMatching(/^ef1:/) as unknown,
        confirmed_at: null,
        last_used_step: null,
      }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(setup.secret);
  });

  it('accepts nothing until the setup is confirmed', async () => {
    const user = await newUser();
    const { secret } = await mfa.startTotpSetup(user);
    expect(await mfa.isEnabled(user.id)).toBe(false);
    expect(await mfa.verifyTotp(user.id, authenticatorCode(secret, now))).toBe(false);
  });

  it('confirms with a current code and returns ten recovery codes, stored only as argon2id hashes', async () => {
    const { id, recoveryCodes } = await enrolledUser();
    expect(await mfa.isEnabled(id)).toBe(true);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) {
      expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    }
    const rows = await sql.query<{ code_hash: string }[]>(
      'SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1',
      [id],
    );
    expect(rows).toHaveLength(10);
    const dump = JSON.stringify(rows);
    for (const row of rows) {
      expect(row.code_hash).toMatch(/^\$argon2id\$/);
    }
    for (const code of recoveryCodes) {
      expect(dump).not.toContain(code.replaceAll('-', ''));
    }
    expect(await changesRecordedFor(id)).toEqual([{ factor: 'totp', change: 'enabled' }]);
  });

  it('refuses a wrong code at confirmation, and confirmation without a pending setup', async () => {
    const user = await newUser();
    await expect(mfa.confirmTotp(user.id, '000000')).rejects.toBeInstanceOf(NoPendingMfaSetupError);
    const { secret } = await mfa.startTotpSetup(user);
    await expect(
      mfa.confirmTotp(user.id, authenticatorCode(secret, now, 2)),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    expect(await mfa.isEnabled(user.id)).toBe(false);
    await mfa.confirmTotp(user.id, authenticatorCode(secret, now));
    await expect(
      mfa.confirmTotp(user.id, authenticatorCode(secret, now, 1)),
    ).rejects.toBeInstanceOf(NoPendingMfaSetupError);
  });

  it('refuses a new setup while MFA is enabled, and keeps the enabled secret', async () => {
    const { id, secret } = await enrolledUser();
    await expect(mfa.startTotpSetup({ id, email: 'mfa@example.com' })).rejects.toBeInstanceOf(
      MfaAlreadyEnabledError,
    );
    expect(await mfa.verifyTotp(id, authenticatorCode(secret, now, 1))).toBe(true);
  });

  it('replaces an unconfirmed secret with a new setup', async () => {
    const user = await newUser();
    const first = await mfa.startTotpSetup(user);
    const second = await mfa.startTotpSetup(user);
    expect(second.secret).not.toBe(first.secret);
    await expect(
      mfa.confirmTotp(user.id, authenticatorCode(first.secret, now)),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    await mfa.confirmTotp(user.id, authenticatorCode(second.secret, now));
    expect(await mfa.isEnabled(user.id)).toBe(true);
  });

  it('lets two concurrent first setups both succeed, leaving one of their secrets pending', async () => {
    const user = await newUser();
    const setups = await Promise.all([mfa.startTotpSetup(user), mfa.startTotpSetup(user)]);
    const outcomes: string[] = [];
    for (const { secret } of setups) {
      outcomes.push(
        await mfa.confirmTotp(user.id, authenticatorCode(secret, now)).then(
          () => 'confirmed',
          (error: unknown) => (error instanceof Error ? error.name : 'thrown'),
        ),
      );
    }
    expect(outcomes.filter((outcome) => outcome === 'confirmed')).toHaveLength(1);
  });

  it('accepts a fresh step once: the confirming code, a replay and an earlier step are refused', async () => {
    const { id, secret } = await enrolledUser();
    expect(await mfa.verifyTotp(id, authenticatorCode(secret, now))).toBe(false);
    now += TOTP_STEP_MS;
    const fresh = authenticatorCode(secret, now);
    expect(await mfa.verifyTotp(id, fresh)).toBe(true);
    expect(await mfa.verifyTotp(id, fresh)).toBe(false);
    now += TOTP_STEP_MS;
    expect(await mfa.verifyTotp(id, authenticatorCode(secret, now, 1))).toBe(true);
    // Never used and inside the window, but earlier than the step accepted last.
    expect(await mfa.verifyTotp(id, authenticatorCode(secret, now))).toBe(false);
  });

  it('accepts one step of drift either way, and refuses a code two steps old', async () => {
    const { id, secret } = await enrolledUser();
    now += 5 * TOTP_STEP_MS;
    expect(await mfa.verifyTotp(id, authenticatorCode(secret, now, -2))).toBe(false);
    expect(await mfa.verifyTotp(id, authenticatorCode(secret, now, -1))).toBe(true);
    now += 2 * TOTP_STEP_MS;
    expect(await mfa.verifyTotp(id, authenticatorCode(secret, now, 1))).toBe(true);
  });

  it('lets exactly one of two concurrent verifications with one code through', async () => {
    const { id, secret } = await enrolledUser();
    for (let round = 1; round <= 5; round += 1) {
      now += TOTP_STEP_MS;
      const code = authenticatorCode(secret, now);
      const results = await Promise.all([mfa.verifyTotp(id, code), mfa.verifyTotp(id, code)]);
      expect(results.filter(Boolean)).toHaveLength(1);
    }
  });

  it('accepts a recovery code once and only once, in any case, with or without dashes', async () => {
    const { id, recoveryCodes } = await enrolledUser();
    const [first, second, third] = recoveryCodes;
    expect(await mfa.useRecoveryCode(id, first!.toUpperCase().replaceAll('-', ''))).toEqual({
      remaining: 9,
    });
    expect(await mfa.useRecoveryCode(id, first!)).toBeUndefined();
    expect(await mfa.useRecoveryCode(id, 'not-a-code')).toBeUndefined();
    expect(await mfa.useRecoveryCode(id, second!)).toEqual({ remaining: 8 });
    const racing = await Promise.all([
      mfa.useRecoveryCode(id, third!),
      mfa.useRecoveryCode(id, third!),
    ]);
    expect(racing).toContainEqual({ remaining: 7 });
    expect(racing).toContainEqual(undefined);
    expect((await changesRecordedFor(id)).slice(1)).toEqual([
      { factor: 'recovery_code', change: 'used', remaining: 9 },
      { factor: 'recovery_code', change: 'used', remaining: 8 },
      { factor: 'recovery_code', change: 'used', remaining: 7 },
    ]);
  });

  it('invalidates the old recovery codes when it regenerates them', async () => {
    const { id, recoveryCodes: old } = await enrolledUser();
    const renewed = await mfa.regenerateRecoveryCodes(id);
    expect(renewed).toHaveLength(10);
    expect(renewed).not.toContain(old[0]);
    expect(await mfa.useRecoveryCode(id, old[0]!)).toBeUndefined();
    expect(await mfa.useRecoveryCode(id, renewed[0]!)).toEqual({ remaining: 9 });
    expect(
      await mfa.regenerateRecoveryCodes((await newUser()).id).catch((error: unknown) => error),
    ).toBeInstanceOf(MfaNotEnabledError);
  });

  it('removes the secret and every recovery code on disable', async () => {
    const { id, secret, recoveryCodes } = await enrolledUser();
    await mfa.disable(id);
    expect(await mfa.isEnabled(id)).toBe(false);
    expect(await mfaRows(id)).toEqual({ totp: 0, recoveryCodes: 0 });
    expect(await mfa.verifyTotp(id, authenticatorCode(secret, now, 1))).toBe(false);
    expect(await mfa.useRecoveryCode(id, recoveryCodes[1]!)).toBeUndefined();
    await mfa.disable(id);
    expect((await changesRecordedFor(id)).slice(1)).toEqual([
      { factor: 'totp', change: 'disabled' },
    ]);
  });

  it('deletes the MFA rows with their user', async () => {
    const { id } = await enrolledUser();
    await sql.query('DELETE FROM users WHERE id = $1', [id]);
    expect(await mfaRows(id)).toEqual({ totp: 0, recoveryCodes: 0 });
  });

  it('refuses a plaintext secret or recovery code written past the ORM', async () => {
    const { id } = await enrolledUser();
    await expect(
      sql.query(`UPDATE mfa_totp SET secret_encrypted = 'JBSWY3DPEHPK3PXP' WHERE user_id = $1`, [
        id,
      ]),
    ).rejects.toBeInstanceOf(QueryFailedError);
    await expect(
      sql.query(`UPDATE mfa_recovery_codes SET code_hash = 'k7qm2xfap3wd' WHERE user_id = $1`, [
        id,
      ]),
    ).rejects.toBeInstanceOf(QueryFailedError);
  });
});
