import { describe, expect, it } from 'vitest';
import { isCounterRegression } from './webauthn.service.js';

describe(isCounterRegression.name, () => {
  it.each([
    [5, 5],
    [5, 4],
    [5, 0],
  ])('takes %i then %i for a possible clone', (stored, received) => {
    expect(isCounterRegression(stored, received)).toBe(true);
  });

  it.each([
    [0, 0],
    [0, 1],
    [5, 6],
  ])(
    'accepts %i then %i: the counter moved forward, or the authenticator keeps none',
    (stored, received) => {
      expect(isCounterRegression(stored, received)).toBe(false);
    },
  );
});
