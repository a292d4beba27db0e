import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { MalformedBodyError } from './request-validation.errors.js';

/**
 * What a JSON body may hold, checked before any guard, pipe or handler sees it. The API's own
 * bodies nest two levels and hold a handful of short keys; these bounds leave room for that and
 * stop bodies built to exhaust recursion, hashing or logging.
 */
export const JSON_BODY_LIMITS = {
  maxDepth: 16,
  maxKeysPerObject: 100,
  maxArrayLength: 1_000,
  maxKeyLength: 128,
} as const;

const UTF8 = new TextDecoder('utf-8', { fatal: true });
// With the u flag a well-formed pair is one code point: only a lone surrogate matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Fastify's own JSON parser (with its prototype-poisoning checks, whose refusal is told apart from
 * invalid JSON here), behind the checks it lacks: strict UTF-8, a nesting depth counted before parsing (so a deep body never reaches a recursive
 * parser or validator), and bounded keys, arrays and well-formed strings after.
 */
export function boundedJsonParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body);
    } catch {
      done(new MalformedBodyError('The body is not valid UTF-8.'), undefined);
      return;
    }
    if (nestingDepth(text) > JSON_BODY_LIMITS.maxDepth) {
      done(
        new MalformedBodyError(`The body nests deeper than ${JSON_BODY_LIMITS.maxDepth} levels.`),
        undefined,
      );
      return;
    }
    void parseJson(request, text, (error, value: unknown) => {
      const problem = error === null ? structureProblem(value) : poisoningProblem(text);
      if (problem !== undefined) {
        done(new MalformedBodyError(problem), undefined);
      } else {
        done(error, value);
      }
    });
  };
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The deepest nesting of objects and arrays in JSON text, in one pass that skips strings. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charCodeAt(index);
    if (inString) {
      if (character === BACKSLASH) {
        index += 1;
      } else if (character === QUOTE) {
        inString = false;
      }
    } else if (character === QUOTE) {
      inString = true;
    } else if (character === OPEN_BRACE || character === OPEN_BRACKET) {
      depth += 1;
      deepest = Math.max(deepest, depth);
    } else if (character === CLOSE_BRACE || character === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return deepest;
}

/** Why a parsed body is refused, or undefined; depth is already bounded, so recursion is too. */
function structureProblem(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value)
      ? 'A string in the body is not well-formed Unicode.'
      : undefined;
  }
  if (Array.isArray(value)) {
    if (value.length > JSON_BODY_LIMITS.maxArrayLength) {
      return `An array in the body has more than ${JSON_BODY_LIMITS.maxArrayLength} items.`;
    }
    return firstProblem(value);
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (keys.length > JSON_BODY_LIMITS.maxKeysPerObject) {
      return `An object in the body has more than ${JSON_BODY_LIMITS.maxKeysPerObject} keys.`;
    }
    if (keys.some((key) => key.length > JSON_BODY_LIMITS.maxKeyLength)) {
      return `A key in the body is longer than ${JSON_BODY_LIMITS.maxKeyLength} characters.`;
    }
    if (keys.some((key) => LONE_SURROGATE.test(key))) {
      return 'A key in the body is not well-formed Unicode.';
    }
    return firstProblem(Object.values(value));
  }
  return undefined;
}

/**
 * Why Fastify refused `text`, when it is valid JSON: a `__proto__` key, or a `constructor` holding
 * a `prototype`, anywhere. Only called on a refused body; JSON.parse makes such keys own
 * properties, so reading them pollutes nothing.
 */
function poisoningProblem(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const pending = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isObject(node)) {
      continue;
    }
    if (Object.hasOwn(node, '__proto__')) {
      return 'The body has a "__proto__" key, refused: it could change the prototype of objects.';
    }
    const constructor = Object.hasOwn(node, 'constructor') ? node.constructor : undefined;
    if (isObject(constructor) && Object.hasOwn(constructor, 'prototype')) {
      return 'The body has a "constructor" key holding "prototype", refused: it could change the prototype of objects.';
    }
    for (const child of Object.values(node)) {
      pending.push(child);
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function firstProblem(values: readonly unknown[]): string | undefined {
  for (const item of values) {
    const problem = structureProblem(item);
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}
