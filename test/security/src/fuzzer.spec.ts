import { describe, expect, it } from 'vitest';
import { FUZZ_CASES } from './fuzzer.js';
import { operationsOf } from './openapi.js';
import { Prng, seedFor } from './prng.js';
import type { CaseContext } from './request.js';

const DOCUMENT = {
  paths: {
    '/notes/{id}': {
      patch: {
        security: [{ bearer: [] }],
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } },
        },
      },
    },
  },
  components: {
    schemas: {
      Note: {
        type: 'object',
        required: ['title'],
        properties: { title: { type: 'string', maxLength: 200 } },
      },
    },
  },
};

function requestsFor(seed: number): string[] {
  const [operation] = operationsOf(DOCUMENT);
  if (operation === undefined) {
    throw new Error('no operation');
  }
  const prng = new Prng(seedFor(seed, operation.id));
  const context: CaseContext = { operation, prng, token: 'token', bodyLimitBytes: 4096 };
  return FUZZ_CASES.filter((fuzzCase) => fuzzCase.applies(context)).map((fuzzCase) => {
    const request = fuzzCase.build(context);
    // ECDSA signatures are randomised by design: the rest of a forged token is what the seed fixes.
    const headers = JSON.stringify(request.headers).replace(
      /(Bearer [\w-]+\.[\w-]+)\.[\w-]+/g,
      '$1',
    );
    return `${request.target} ${headers} ${request.body?.toString('base64') ?? ''}`;
  });
}

describe('the fuzz cases', () => {
  it('send the same requests for the same seed, and other requests for another', () => {
    expect(requestsFor(7)).toEqual(requestsFor(7));
    expect(requestsFor(8)).not.toEqual(requestsFor(7));
  });

  it('all apply to an operation with a path parameter and a body', () => {
    expect(requestsFor(1)).toHaveLength(FUZZ_CASES.length);
  });

  it('resolve $refs and read security from the document', () => {
    const [operation] = operationsOf(DOCUMENT);
    expect(operation).toMatchObject({
      id: 'PATCH /notes/{id}',
      authenticated: true,
      needsPermission: false,
      body: { properties: { title: { maxLength: 200 } } },
    });
  });
});
