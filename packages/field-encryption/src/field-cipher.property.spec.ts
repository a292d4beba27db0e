import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testKeyRing } from '../test/fixtures.js';
import { FieldCipher } from './field-cipher.js';
import type { JsonValue } from './codecs.js';
import type { FieldContext } from './field-context.js';

const NUM_RUNS = 200;

// Through JSON once, so that -0 and absent-vs-undefined properties are already canonical.
const jsonValues = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as JsonValue);

const contexts: fc.Arbitrary<FieldContext> = fc.record({
  table: fc.string({ unit: 'binary', minLength: 1 }),
  column: fc.string({ unit: 'binary', minLength: 1 }),
  rowId: fc.oneof(fc.uuid(), fc.string({ unit: 'binary', minLength: 1 })),
});

describe(`${FieldCipher.name} properties`, () => {
  const cipher = new FieldCipher(testKeyRing());

  it('round-trips any string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        contexts,
        fc.boolean(),
        (text, context, compress) => {
          const value = cipher.encryptString(text, context, { compress });
          expect(cipher.decryptString(value, context)).toBe(text);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(jsonValues, contexts, fc.boolean(), (json, context, compress) => {
        const value = cipher.encryptJson(json, context, { compress });
        expect(cipher.decryptJson(value, context)).toEqual(json);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('round-trips any byte string', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4096 }),
        contexts,
        fc.boolean(),
        (bytes, context, compress) => {
          const value = cipher.encryptBinary(bytes, context, { compress });
          expect(cipher.decryptBinary(value, context)).toEqual(Buffer.from(bytes));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('never decrypts a value under a different row id', () => {
    fc.assert(
      fc.property(fc.string(), contexts, fc.uuid(), (text, context, otherRowId) => {
        fc.pre(otherRowId !== context.rowId);
        const value = cipher.encryptString(text, context);
        expect(() => cipher.decryptString(value, { ...context, rowId: otherRowId })).toThrow();
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
