import { QueryFailedError, DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DecryptionFailedError } from '../src/security/field-encryption/field-encryption.errors.js';
import { problemFor } from '../src/platform/http/problem-details.js';
import { User } from '../src/identity/users/user.entity.js';
import { UsersRepository } from '../src/identity/users/users.repository.js';
import { userWithEmail } from './support/users.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

const MISUSE = /User\.email is encrypted: /;

describe.each(testDatabases())('encrypted columns on $kind', (database) => {
  let api: TestApp;
  let users: UsersRepository;
  let sql: DataSource;

  beforeAll(async () => {
    api = await startTestApp({ database });
    users = api.app.get(UsersRepository);
    sql = api.app.get(DataSource);
  });
  afterAll(async () => {
    await api.close();
  });

  it('stores no plaintext e-mail anywhere in the users table', async () => {
    const user = await users.create(userWithEmail('Grace.Hopper@Example.com'));
    expect(user.email).toBe('Grace.Hopper@Example.com');
    const rows: Record<string, unknown>[] = await sql.query('SELECT * FROM users WHERE id = $1', [
      user.id,
    ]);
    const dump = JSON.stringify(rows).toLowerCase();
    expect(dump).not.toContain('grace');
    expect(dump).not.toContain('example.com');
    expect(rows[0]).toMatchObject({
      email_encrypted: expect.stringMatching(/^ef1:dev1:s:/) as unknown,
      email_blind_index: expect.stringMatching(/^bi1:dev1:/) as unknown,
    });
  });

  it('finds a user by e-mail through the blind index, whatever the case and spacing', async () => {
    const user = await users.create(userWithEmail('ada@example.org'));
    const found = await users.findByEmail('  ADA@Example.ORG ');
    expect(found?.id).toBe(user.id);
    expect(found?.email).toBe('ada@example.org');
    expect(await users.findByEmail('ada@example.net')).toBeNull();
  });

  it('refuses to compare an encrypted column with plaintext', async () => {
    await expect(
      sql.getRepository(User).find({ where: { email: 'ada@example.org' } }),
    ).rejects.toThrow(MISUSE);
  });

  it('refuses writes that bypass save()', async () => {
    const user = await users.create(userWithEmail('bypass@example.org'));
    await expect(
      sql.getRepository(User).update(user.id, { email: 'leak@example.org' }),
    ).rejects.toThrow(MISUSE);
    await expect(
      sql
        .createQueryBuilder()
        .update(User)
        .set({ email: 'leak@example.org' })
        .where('id = :id', { id: user.id })
        .execute(),
    ).rejects.toThrow(MISUSE);
    // Raw SQL meets the database's own check.
    await expect(
      sql.query(`UPDATE users SET email_encrypted = 'leak@example.org' WHERE id = $1`, [user.id]),
    ).rejects.toThrow(QueryFailedError);
    expect((await users.findById(user.id))?.email).toBe('bypass@example.org');
  });

  it('re-encrypts on update and keeps the plaintext in memory after save()', async () => {
    const repository = sql.getRepository(User);
    const user = await users.create(userWithEmail('before@example.org'));
    user.email = 'after@example.org';
    await repository.save(user);
    expect(user.email).toBe('after@example.org');
    expect((await users.findByEmail('after@example.org'))?.id).toBe(user.id);
    expect(await users.findByEmail('before@example.org')).toBeNull();
  });

  it('refuses a value copied from another row, without revealing it', async () => {
    const victim = await users.create(userWithEmail('victim@example.org'));
    const attacker = await users.create(userWithEmail('attacker@example.org'));
    await sql.query(
      'UPDATE users SET email_encrypted = (SELECT email_encrypted FROM users WHERE id = $1) WHERE id = $2',
      [victim.id, attacker.id],
    );
    const failure = await users.findById(attacker.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DecryptionFailedError);
    expect(String(failure)).not.toContain('victim@example.org');
    expect(problemFor(failure)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
    });
    expect((await users.findById(victim.id))?.email).toBe('victim@example.org');
    await vi.waitFor(async () => {
      const events: unknown[] = await sql.query(
        `SELECT outcome, target FROM audit_events WHERE event = 'crypt_decrypt_fail'`,
      );
      expect(events).toContainEqual({
        outcome: 'failure',
        target: `users.email_encrypted:${attacker.id}`,
      });
    });
  });
});
