import type { Operation, Parameter, Schema } from './openapi.js';
import type { Prng } from './prng.js';
import type { RawRequest } from './raw-http.js';
import { validObject, validValue } from './values.js';

/** What a case needs to build its request: the operation, its own random stream, a token. */
export interface CaseContext {
  readonly operation: Operation;
  readonly prng: Prng;
  /** A valid access token when the operation needs one and the run has an account. */
  readonly token: string | undefined;
  readonly bodyLimitBytes: number;
}

export interface RequestParts {
  /** Path parameter values as they go on the wire: percent-encoded, or garbage. */
  readonly path?: Readonly<Record<string, string>>;
  /** The query string as it goes on the wire, without `?`. */
  readonly query?: string;
  /** The body bytes; null sends none even if the operation takes one. */
  readonly body?: Buffer | null;
  /** null sends no Content-Type. */
  readonly contentType?: string | null;
  /** null sends no Authorization. */
  readonly authorization?: string | null;
  readonly headers?: readonly (readonly [string, string])[];
}

/** A well-formed request for the operation, with `parts` replacing what a case mutates. */
export function buildRequest(context: CaseContext, parts: RequestParts = {}): RawRequest {
  const { operation, prng } = context;
  let target = operation.path;
  for (const parameter of parametersIn(operation, 'path')) {
    const value =
      parts.path?.[parameter.name] ??
      encodeURIComponent(stringOf(validValue(parameter.schema, prng)));
    target = target.replace(`{${parameter.name}}`, value);
  }
  const query = parts.query ?? validQuery(operation, prng);
  const body =
    parts.body === null
      ? undefined
      : (parts.body ??
        (operation.body === undefined ? undefined : jsonBytes(validObject(operation.body, prng))));
  const contentType =
    parts.contentType === null
      ? undefined
      : (parts.contentType ?? (body === undefined ? undefined : 'application/json'));
  const authorization =
    parts.authorization === null
      ? undefined
      : (parts.authorization ??
        (context.token === undefined ? undefined : `Bearer ${context.token}`));
  return {
    method: operation.method,
    target: query === '' ? target : `${target}?${query}`,
    headers: [
      ...(contentType === undefined ? [] : [['Content-Type', contentType] as const]),
      ...(authorization === undefined ? [] : [['Authorization', authorization] as const]),
      ...(parts.headers ?? []),
    ],
    ...(body === undefined ? {} : { body }),
  };
}

export function parametersIn(operation: Operation, location: Parameter['in']): Parameter[] {
  return operation.parameters.filter((parameter) => parameter.in === location);
}

function validQuery(operation: Operation, prng: Prng): string {
  return parametersIn(operation, 'query')
    .filter((parameter) => parameter.required || prng.chance(0.5))
    .map(
      (parameter) =>
        `${parameter.name}=${encodeURIComponent(stringOf(validValue(parameter.schema, prng)))}`,
    )
    .join('&');
}

export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** A JSON object written by hand, so a member's value can be bytes JSON.stringify never makes. */
export function jsonObjectBytes(members: readonly (readonly [string, Buffer | string])[]): Buffer {
  const parts: Buffer[] = [Buffer.from('{')];
  members.forEach(([name, value], index) => {
    parts.push(Buffer.from(`${index === 0 ? '' : ','}${JSON.stringify(name)}:`));
    parts.push(typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  });
  parts.push(Buffer.from('}'));
  return Buffer.concat(parts);
}

/** The body's members with valid values as JSON text, for cases that replace some of them. */
export function validMembers(context: CaseContext): [string, string][] {
  const body = context.operation.body;
  if (body === undefined) {
    return [];
  }
  return Object.entries(validObject(body, context.prng)).map(([name, value]) => [
    name,
    JSON.stringify(value),
  ]);
}

/** The body's string properties: where encoding and length mutations go. */
export function stringProperties(body: Schema | undefined): string[] {
  return Object.entries(body?.properties ?? {})
    .filter(([, schema]) => schema.type === 'string')
    .map(([name]) => name);
}
