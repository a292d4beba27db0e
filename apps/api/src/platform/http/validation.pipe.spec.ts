import type { ArgumentMetadata } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { TextField } from './fields/text.fields.js';
import { OffsetPageQuery } from './offset-page.query.js';
import { RequestValidationError } from './request-validation.errors.js';
import { createValidationPipe } from './validation.pipe.js';

class TitleBody {
  @TextField({ min: 1, max: 10, singleLine: true })
  title!: string;
}

const pipe = createValidationPipe();

async function refusal(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
  const error: unknown = await pipe.transform(value, metadata).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RequestValidationError);
  return (error as RequestValidationError).invalidParams;
}

describe(createValidationPipe.name, () => {
  const query: ArgumentMetadata = { type: 'query', metatype: OffsetPageQuery };
  const body: ArgumentMetadata = { type: 'body', metatype: TitleBody };

  it.each(['1 OR 1=1', 'ten', '0', '101', '2.5'])(
    'gives limit=%s one reason, the range of integers it accepts',
    async (limit) => {
      await expect(refusal({ limit }, query)).resolves.toEqual([
        { name: 'limit', reason: 'limit must be an integer from 1 to 100' },
      ]);
    },
  );

  it('gives each wrong field its own reason', async () => {
    await expect(refusal({ limit: 'x', offset: '-1', sort: 'title' }, query)).resolves.toEqual([
      { name: 'sort', reason: 'property sort should not exist' },
      { name: 'limit', reason: 'limit must be an integer from 1 to 100' },
      { name: 'offset', reason: `offset must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}` },
    ]);
  });

  it("gives a text field's first failed check only: its type before its length", async () => {
    await expect(refusal({ title: 12 }, body)).resolves.toEqual([
      { name: 'title', reason: 'title must be a string' },
    ]);
    await expect(refusal({ title: 'a\nvery long title' }, body)).resolves.toEqual([
      { name: 'title', reason: 'title must be 1 to 10 characters long' },
    ]);
    await expect(refusal({ title: 'a\nb' }, body)).resolves.toEqual([
      { name: 'title', reason: 'title must not contain control characters' },
    ]);
  });

  it('accepts a page within its bounds', async () => {
    await expect(pipe.transform({ limit: '100', offset: '0' }, query)).resolves.toEqual(
      Object.assign(new OffsetPageQuery(), { limit: 100, offset: 0 }),
    );
  });
});
