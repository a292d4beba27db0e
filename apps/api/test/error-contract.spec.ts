import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/platform/errors/app-error.js';
import { problemFor } from '../src/platform/http/problem-details.js';

/*
 * Issue 14: every error a route can throw is documented on it. The routes and the errors they can
 * throw are read from the source with the type checker; the responses, from the committed
 * openapi.json (test/openapi.spec.ts keeps it equal to what the routes render).
 */

const API = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = join(API, 'src');
const APP_ERROR_FILE = join(SOURCE, 'platform/errors/app-error.ts');

/**
 * Errors no route handler constructs: the HTTP layer raises them around the routes (hooks,
 * parsers, guards, the exception filter, TypeORM subscribers), and access-responses.ts documents
 * those an operation can answer from each route's declaration. Each entry says where it is raised
 * and documented; a class neither listed here nor reached from a route fails the test, so a new
 * error cannot go unchecked.
 */
const RAISED_OUTSIDE_HANDLERS: ReadonlyMap<string, string> = new Map([
  [
    'DatabaseUnavailableError',
    'built by the exception filter (problem-details.ts) from driver errors; 503 is documented on every route but /health/live',
  ],
  [
    'MalformedBodyError',
    'the bounded JSON parser; 400 malformed-body is documented on every route with a body',
  ],
  [
    'IpBannedError',
    'the IP-ban hook; 403 ip-banned is documented on every route but IP_BAN_EXEMPT_ROUTES',
  ],
  [
    'RateLimitExceededError',
    'the throttling guard; 429 rate-limited is documented on every rate-limited route',
  ],
  [
    'PermissionDeniedError',
    'the authorization guard; 403 permission-denied is documented on every permission-gated route',
  ],
  [
    'MfaEnrolmentRequiredError',
    'the access-token and authorization guards; 403 mfa-enrolment-required is documented per route declaration',
  ],
  [
    'StepUpRequiredError',
    'the authorization guard; 403 step-up-required is documented on every @RequiresRecentMfa route',
  ],
  [
    'ReauthenticationRequiredError',
    'the authorization guard; 403 reauthentication-required is documented on every @RequiresRecentAuthentication route',
  ],
  [
    'MultipartNotAcceptedError',
    'the multipart hook (multipart-upload.ts), before any handler: the 415 that any other Content-Type but JSON gets from Fastify on a JSON route',
  ],
  [
    'UrlTooLongError',
    'the request-limits hook, before routing: 414 answers a URL that names no operation',
  ],
  [
    'TooManyHeadersError',
    'the request-limits hook, before routing: 431 is not an answer of any one operation',
  ],
]);

/** How many calls deep a route is followed; the test fails if a route needs more. */
const MAX_DEPTH = 16;

const HTTP_DECORATORS = new Map([
  ['Get', 'get'],
  ['Post', 'post'],
  ['Put', 'put'],
  ['Patch', 'patch'],
  ['Delete', 'delete'],
] as const);

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type FunctionLike = ts.FunctionLikeDeclaration & { body: ts.Node };

interface ErrorClass {
  readonly name: string;
  readonly file: string;
  readonly status: number;
}

interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: string;
  readonly declaration: FunctionLike;
}

/** An error a route can throw, with the chain of calls that reaches the `new`. */
interface Reach {
  readonly error: ErrorClass;
  readonly via: string[];
}

function program(): ts.Program {
  const configPath = join(API, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path)) as {
    config: unknown;
  };
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath));
  const sources = parsed.fileNames.filter((file) => isSource(file) && !file.endsWith('.spec.ts'));
  return ts.createProgram(sources, { ...parsed.options, noEmit: true });
}

function isSource(file: string): boolean {
  const path = relative(SOURCE, file);
  return !path.startsWith('..') && !path.endsWith('.d.ts');
}

function hasBody(node: ts.Node | undefined): node is FunctionLike {
  return (
    node !== undefined &&
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)) &&
    node.body !== undefined &&
    isSource(node.getSourceFile().fileName)
  );
}

function nameOf(node: ts.Node): string {
  const owner = ts.findAncestor(node.parent, ts.isClassLike);
  const own =
    'name' in node && node.name !== undefined && ts.isIdentifier(node.name as ts.Node)
      ? (node.name as ts.Identifier).text
      : ts.isConstructorDeclaration(node)
        ? 'constructor'
        : `(${relative(SOURCE, node.getSourceFile().fileName)}:${
            node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1
          })`;
  return owner?.name === undefined ? own : `${owner.name.text}.${own}`;
}

function decoratorCall(node: ts.Node, names: readonly string[]): ts.CallExpression | undefined {
  for (const decorator of ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : []) {
    const call = decorator.expression;
    if (
      ts.isCallExpression(call) &&
      ts.isIdentifier(call.expression) &&
      names.includes(call.expression.text)
    ) {
      return call;
    }
  }
  return undefined;
}

function literalArgument(call: ts.CallExpression): string {
  const [argument] = call.arguments;
  if (argument === undefined) {
    return '';
  }
  if (!ts.isStringLiteralLike(argument)) {
    throw new Error(`${argument.getText()}: only literal route paths are read`);
  }
  return argument.text;
}

function openApiPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/^:(\w+)$/, '{$1}'))
    .join('/');
  return `/${joined}`;
}

class ErrorContract {
  readonly routes: Route[] = [];
  private readonly checker: ts.TypeChecker;
  private readonly files: readonly ts.SourceFile[];
  /** AppError subclasses by their declaration. */
  private readonly errorDeclarations = new Map<
    ts.ClassLikeDeclaration,
    { name: string; file: string }
  >();
  /** Classes by each class or interface they extend or implement, for calls through abstractions. */
  private readonly implementations = new Map<ts.Symbol, ts.ClassLikeDeclaration[]>();
  private readonly steps = new Map<
    ts.Node,
    { errors: ts.ClassLikeDeclaration[]; callees: FunctionLike[] }
  >();

  constructor() {
    const built = program();
    this.checker = built.getTypeChecker();
    this.files = built.getSourceFiles().filter((file) => isSource(file.fileName));
    for (const file of this.files) {
      for (const statement of file.statements) {
        if (ts.isClassDeclaration(statement)) {
          this.indexClass(statement);
        }
      }
    }
  }

  get errorClassDeclarations(): { name: string; file: string }[] {
    return [...this.errorDeclarations.values()];
  }

  private indexClass(node: ts.ClassDeclaration): void {
    if (node.name !== undefined && this.extendsAppError(node)) {
      this.errorDeclarations.set(node, {
        name: node.name.text,
        file: relative(SOURCE, node.getSourceFile().fileName),
      });
    }
    for (const clause of node.heritageClauses ?? []) {
      for (const type of clause.types) {
        const symbol = this.symbolOf(type.expression);
        if (symbol !== undefined) {
          this.implementations.set(symbol, [...(this.implementations.get(symbol) ?? []), node]);
        }
      }
    }
    const controller = decoratorCall(node, ['Controller']);
    if (controller === undefined || node.name === undefined) {
      return;
    }
    const prefix = literalArgument(controller);
    for (const member of node.members) {
      const route = decoratorCall(member, [...HTTP_DECORATORS.keys()]);
      if (route === undefined || !hasBody(member)) {
        continue;
      }
      const decorator = (route.expression as ts.Identifier).text as 'Get';
      this.routes.push({
        method: HTTP_DECORATORS.get(decorator) ?? 'get',
        path: openApiPath(prefix, literalArgument(route)),
        handler: nameOf(member),
        declaration: member,
      });
    }
  }

  private extendsAppError(node: ts.ClassLikeDeclaration): boolean {
    const type = this.checker.getTypeAtLocation(node);
    const seen = new Set<ts.Type>();
    const visit = (current: ts.Type): boolean => {
      if (seen.has(current)) {
        return false;
      }
      seen.add(current);
      const declarations = current.getSymbol()?.declarations ?? [];
      if (
        current.getSymbol()?.name === AppError.name &&
        declarations.some((node) => node.getSourceFile().fileName === APP_ERROR_FILE)
      ) {
        return true;
      }
      return (current.isClassOrInterface() ? this.checker.getBaseTypes(current) : []).some(visit);
    };
    return (type.isClassOrInterface() ? this.checker.getBaseTypes(type) : []).some(visit);
  }

  private symbolOf(node: ts.Node): ts.Symbol | undefined {
    const symbol = this.checker.getSymbolAtLocation(node);
    return symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0
      ? this.checker.getAliasedSymbol(symbol)
      : symbol;
  }

  /** The AppError subclasses a function constructs, and the functions of the source it calls. */
  private step(fn: FunctionLike): { errors: ts.ClassLikeDeclaration[]; callees: FunctionLike[] } {
    const known = this.steps.get(fn);
    if (known !== undefined) {
      return known;
    }
    const errors = new Set<ts.ClassLikeDeclaration>();
    const callees = new Set<FunctionLike>();
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node)) {
        const declaration = this.symbolOf(node.expression)?.declarations?.find(ts.isClassLike);
        if (declaration !== undefined && this.errorDeclarations.has(declaration)) {
          errors.add(declaration);
        }
      }
      if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isDecorator(node)) {
        for (const callee of this.targetsOf(this.checker.getResolvedSignature(node)?.declaration)) {
          callees.add(callee);
        }
      }
      // A getter runs where it is read; a function passed along (a callback) is called by its taker.
      if (ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) {
        const isCallee =
          (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent)) &&
          node.parent.expression === node;
        for (const declaration of this.symbolOf(node)?.declarations ?? []) {
          if (
            ts.isGetAccessorDeclaration(declaration) ||
            (!isCallee && ts.isCallOrNewExpression(node.parent) && hasBody(declaration))
          ) {
            for (const callee of this.targetsOf(declaration)) {
              callees.add(callee);
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn.body, visit);
    const result = { errors: [...errors], callees: [...callees] };
    this.steps.set(fn, result);
    return result;
  }

  /** What a call to `declaration` runs: itself, or every implementation of an abstract member. */
  private targetsOf(declaration: ts.Node | undefined): FunctionLike[] {
    if (declaration === undefined || !isSource(declaration.getSourceFile().fileName)) {
      return [];
    }
    if (hasBody(declaration)) {
      return [declaration];
    }
    const owner = declaration.parent;
    const name =
      ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration)
        ? declaration.name.getText()
        : undefined;
    if (name === undefined || !(ts.isInterfaceDeclaration(owner) || ts.isClassLike(owner))) {
      return [];
    }
    const ownerSymbol = owner.name === undefined ? undefined : this.symbolOf(owner.name);
    const targets: FunctionLike[] = [];
    const seen = new Set<ts.Symbol>();
    const collect = (symbol: ts.Symbol | undefined): void => {
      if (symbol === undefined || seen.has(symbol)) {
        return;
      }
      seen.add(symbol);
      for (const implementation of this.implementations.get(symbol) ?? []) {
        const member = implementation.members.find(
          (candidate) => candidate.name?.getText() === name,
        );
        if (hasBody(member)) {
          targets.push(member);
        }
        collect(implementation.name === undefined ? undefined : this.symbolOf(implementation.name));
      }
    };
    collect(ownerSymbol);
    return targets;
  }

  /** Every AppError subclass a route can construct, with the shortest chain of calls to it. */
  reachOf(route: Route): { reached: Map<ts.ClassLikeDeclaration, string[]>; depth: number } {
    const reached = new Map<ts.ClassLikeDeclaration, string[]>();
    const chains = new Map<FunctionLike, string[]>([[route.declaration, [route.handler]]]);
    let frontier: FunctionLike[] = [route.declaration];
    let depth = 0;
    while (frontier.length > 0 && depth <= MAX_DEPTH) {
      const next: FunctionLike[] = [];
      for (const fn of frontier) {
        const chain = chains.get(fn) ?? [];
        const { errors, callees } = this.step(fn);
        for (const error of errors) {
          if (!reached.has(error)) {
            reached.set(error, chain);
          }
        }
        for (const callee of callees) {
          if (!chains.has(callee)) {
            chains.set(callee, [...chain, nameOf(callee)]);
            next.push(callee);
          }
        }
      }
      frontier = next;
      depth += 1;
    }
    return { reached, depth: frontier.length === 0 ? depth : Number.POSITIVE_INFINITY };
  }

  errorOf(declaration: ts.ClassLikeDeclaration): { name: string; file: string } {
    const error = this.errorDeclarations.get(declaration);
    if (error === undefined) {
      throw new Error('not an AppError subclass');
    }
    return error;
  }
}

/** The problem status of every AppError subclass, read from the classes themselves. */
async function errorClasses(contract: ErrorContract): Promise<Map<string, ErrorClass>> {
  const classes = new Map<string, ErrorClass>();
  for (const { name, file } of contract.errorClassDeclarations) {
    const module = (await import(pathToFileURL(join(SOURCE, file)).href)) as Record<
      string,
      unknown
    >;
    const error = module[name] as (abstract new () => AppError) | undefined;
    if (error === undefined) {
      throw new Error(`${name} (${file}) is not exported`);
    }
    const { status } = problemFor(Object.create(error.prototype as AppError) as AppError);
    classes.set(name, { name, file, status });
  }
  return classes;
}

describe('error contract', async () => {
  const contract = new ErrorContract();
  const classes = await errorClasses(contract);
  const document = JSON.parse(readFileSync(join(API, 'openapi.json'), 'utf8')) as OpenAPIObject;
  const routes = contract.routes.map((route) => {
    const { reached, depth } = contract.reachOf(route);
    const reaches: Reach[] = [...reached].map(([declaration, via]) => {
      const { name } = contract.errorOf(declaration);
      const error = classes.get(name);
      if (error === undefined) {
        throw new Error(`${name}: no problem read`);
      }
      return { error, via };
    });
    const operation: OperationObject | undefined = document.paths[route.path]?.[route.method];
    return {
      ...route,
      route: `${route.method.toUpperCase()} ${route.path}`,
      reaches,
      depth,
      operation,
    };
  });
  const reachedByRoutes = new Set(
    routes.flatMap(({ reaches }) => reaches.map(({ error }) => error.name)),
  );

  it('finds every route of the document and the error classes of every feature', () => {
    expect(classes.size).toBeGreaterThan(35);
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const)
        .filter((method) => item[method] !== undefined)
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.map(({ route }) => route).sort()).toEqual(operations.sort());
  });

  it.each([...classes.values()])(
    '$name is answered with a problem status, and thrown by a route or listed as raised outside handlers',
    ({ name, status }) => {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      const reached = reachedByRoutes.has(name);
      const listed = RAISED_OUTSIDE_HANDLERS.has(name);
      expect(
        reached !== listed,
        reached
          ? `${name} is thrown by a route: remove it from RAISED_OUTSIDE_HANDLERS`
          : `${name} is thrown by no route: say in RAISED_OUTSIDE_HANDLERS where it is raised and documented`,
      ).toBe(true);
    },
  );

  it('lists only error classes as raised outside handlers', () => {
    expect([...RAISED_OUTSIDE_HANDLERS.keys()].filter((name) => !classes.has(name))).toEqual([]);
  });

  it.each(routes)('$route ($handler) is followed to the end of its calls', ({ route, depth }) => {
    expect(depth, `${route}: calls deeper than ${MAX_DEPTH}`).toBeLessThanOrEqual(MAX_DEPTH);
  });

  it.each(routes)(
    '$route ($handler) documents the status of every error it can throw',
    ({ route, reaches, operation }) => {
      const documented = Object.keys(operation?.responses ?? {});
      const missing = reaches
        .filter(({ error }) => !documented.includes(String(error.status)))
        .map(
          ({ error, via }) =>
            `${route} can throw ${error.name} (${error.file}) but documents no ${error.status} response; thrown via ${via.join(' → ')}`,
        );
      expect(missing).toEqual([]);
    },
  );
});
