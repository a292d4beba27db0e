import { describe, expect, it } from 'vitest';
import { snakeCase, SnakeNamingStrategy } from './snake-naming.strategy.js';

describe(SnakeNamingStrategy.name, () => {
  const strategy = new SnakeNamingStrategy();

  it.each([
    ['id', 'id'],
    ['ownerId', 'owner_id'],
    ['emailBlindIndex', 'email_blind_index'],
    ['mfaEnrolmentRequired', 'mfa_enrolment_required'],
  ])('names the column of %s %s', (property, column) => {
    expect(snakeCase(property)).toBe(column);
    expect(strategy.columnName(property, undefined, [])).toBe(column);
  });

  it('keeps a name an entity spells out', () => {
    expect(strategy.columnName('email', 'email_encrypted', [])).toBe('email_encrypted');
  });

  it('names a join column after its relation and the referenced column', () => {
    expect(strategy.joinColumnName('user', 'id')).toBe('user_id');
  });
});
