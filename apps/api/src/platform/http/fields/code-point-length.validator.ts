import { ValidateBy } from 'class-validator';

/**
 * A length in code points, as PostgreSQL's char_length counts it in the CHECKs on text columns.
 * class-validator's Length skips variation selectors: a longer value would pass, then fail the
 * CHECK with a 500.
 */
export function CodePointLength(min: number, max: number): PropertyDecorator {
  return ValidateBy({
    name: 'codePointLength',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) => {
        // A code point takes at most two UTF-16 units: no need to walk an over-long input.
        if (typeof value !== 'string' || value.length > 2 * max) {
          return false;
        }
        const length = Array.from(value).length;
        return length >= min && length <= max;
      },
      defaultMessage: () => `$property must be ${String(min)} to ${String(max)} characters long`,
    },
  });
}
