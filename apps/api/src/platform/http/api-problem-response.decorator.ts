import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiResponse,
  DECORATORS,
  getSchemaPath,
  type ContentObject,
  type HeadersObject,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto.js';

/** Prefix of the API's own problem types. */
export const PROBLEM = 'urn:bulwark:problem:';

/** The `type` of a problem: one of the API's own, or `about:blank` for a bare status. */
export type ProblemType = `${typeof PROBLEM}${string}` | 'about:blank';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const BAD_REQUEST_TYPES: readonly ProblemType[] = [`${PROBLEM}validation-failed`, 'about:blank'];

/** Every 429 (and the ban's 403) says when to come back, in seconds (RFC 9110 §10.2.3). */
export const RETRY_AFTER_HEADER: HeadersObject = {
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 },
  },
};

/** An error response as documented: what @nestjs/swagger keeps per status. */
export interface DocumentedResponse {
  readonly description?: string;
  readonly headers?: HeadersObject;
  readonly content?: ContentObject;
}

/** The problem+json body of an error response; `types` lists the `type` values it can carry. */
export function problemSchema(types: readonly ProblemType[]): SchemaObject | ReferenceObject {
  const reference = { $ref: getSchemaPath(ProblemDetailsDto) };
  if (types.length === 0) {
    return reference;
  }
  return {
    allOf: [
      reference,
      {
        type: 'object',
        properties: { type: { type: 'string', enum: [...new Set(types)].sort() } },
      },
    ],
  };
}

/** The problem types a documented response lists; undefined when it lists none. */
export function problemTypesOf(
  response: DocumentedResponse | undefined,
): ProblemType[] | undefined {
  const schema = response?.content?.[PROBLEM_MEDIA_TYPE]?.schema as SchemaObject | undefined;
  const typed = schema?.allOf?.[1] as SchemaObject | undefined;
  const typeProperty = typed?.properties?.type as SchemaObject | undefined;
  return typeProperty?.enum as ProblemType[] | undefined;
}

/**
 * Documents an error response as the application/problem+json body the filter sends. `types`
 * lists its problem types, added to those of the same status already documented on the route (by
 * @RateLimit, say); a 429 always documents Retry-After, which every refusal carries.
 */
export function ApiProblemResponse(
  status: number,
  description: string,
  types: readonly ProblemType[] = [],
  headers: HeadersObject = {},
): MethodDecorator & ClassDecorator {
  const decorator = (
    target: object,
    key?: string | symbol,
    descriptor?: PropertyDescriptor,
  ): void => {
    const holder = (descriptor?.value ?? target) as object;
    const responses = Reflect.getMetadata(DECORATORS.API_RESPONSE, holder) as
      Record<string, DocumentedResponse> | undefined;
    const existing = responses?.[String(status)] ?? {};
    const allHeaders = {
      ...(status === 429 ? RETRY_AFTER_HEADER : {}),
      ...existing.headers,
      ...headers,
    };
    // Any 400 can also be the validation pipe's, or the JSON parser's (about:blank).
    const allTypes = [
      ...(problemTypesOf(existing) ?? []),
      ...types,
      ...(status === 400 ? BAD_REQUEST_TYPES : []),
    ];
    const response = ApiResponse({
      status,
      description,
      ...(Object.keys(allHeaders).length === 0 ? {} : { headers: allHeaders }),
      content: { [PROBLEM_MEDIA_TYPE]: { schema: problemSchema(allTypes) } },
    });
    if (key === undefined || descriptor === undefined) {
      (response as ClassDecorator)(target as CallableFunction);
    } else {
      (response as MethodDecorator)(target, key, descriptor);
    }
  };
  return applyDecorators(ApiExtraModels(ProblemDetailsDto), decorator);
}
