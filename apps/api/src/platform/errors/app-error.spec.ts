import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { problemFor } from '../http/problem-details.js';

const SOURCE = fileURLToPath(new URL('../..', import.meta.url));

type ErrorClass = abstract new (...args: never[]) => AppError;

// What a class's problem reads, without throwing it: the prototype, with no constructor run.
const prototypeOf = (error: ErrorClass): AppError => error.prototype as AppError;

/** Every class in the source tree that extends AppError, directly or through appError(). */
async function appErrorClasses(): Promise<{ name: string; file: string; error: ErrorClass }[]> {
  const found: { name: string; file: string; error: ErrorClass }[] = [];
  for (const file of readdirSync(SOURCE, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) {
      continue;
    }
    const path = join(SOURCE, file);
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
    const names = source.statements
      .filter(ts.isClassDeclaration)
      .filter((node) =>
        node.heritageClauses?.some((clause) =>
          clause.types.some((type) =>
            /^(?:appError\(|AppError$)/.test(type.expression.getText(source)),
          ),
        ),
      )
      .map((node) => node.name?.getText(source) ?? '(anonymous)');
    if (names.length > 0) {
      const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
      for (const name of names) {
        found.push({ name, file, error: module[name] as ErrorClass });
      }
    }
  }
  return found;
}

describe(AppError.name, async () => {
  const classes = await appErrorClasses();

  it('finds the error classes of every feature', () => {
    expect(classes.length).toBeGreaterThan(35);
  });

  it.each(classes)(
    '$name ($file) is exported and answered with the problem it declares',
    ({ error }) => {
      expect(error).toBeTypeOf('function');
      const { problemType } = prototypeOf(error);
      const problem = problemFor(Object.create(prototypeOf(error)));
      expect(problem.status).toBe(problemType.status);
      expect(problem.status).toBeGreaterThanOrEqual(400);
      expect(problem.status).toBeLessThan(600);
      if (problemType.type === undefined) {
        expect(problem.type).toBe('about:blank');
      } else {
        expect(problemType.type).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
        expect(problem.type).toBe(`urn:bulwark:problem:${problemType.type}`);
        expect(problemType.title).toBeDefined();
      }
    },
  );

  it('gives every error class a code of its own', () => {
    const codes = classes.map(({ error }) => prototypeOf(error).problemType.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
