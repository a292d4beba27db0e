import { ValidateBy } from 'class-validator';

/**
 * An integer from `min` to `max`, refused with one reason. Stacked IsInt, Min and Max answer
 * `limit=ten` with three reasons, two of them about bounds a word cannot break.
 */
export function IntegerInRange(min: number, max: number): PropertyDecorator {
  return ValidateBy({
    name: 'integerInRange',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
      defaultMessage: () => `$property must be an integer from ${String(min)} to ${String(max)}`,
    },
  });
}
