import validateNpmPackageName from 'validate-npm-package-name';

/** The spellings of a project's name that the template's own name takes, by context. */
export interface ProjectNames {
  /** `my-api`: package name, directory, URNs, Redis keys, host names. */
  readonly kebab: string;
  /** `my_api`: SQL roles and databases. */
  readonly snake: string;
  /** `MY_API`: environment variables. */
  readonly upper: string;
  /** `myApi`: identifiers that continue in camelCase. */
  readonly camel: string;
  /** `MyApi`: class names. */
  readonly pascal: string;
  /** `My Api`: the product's name where people read it (mail sender, API title); plain words, so a mail header needs no quoting. */
  readonly display: string;
  /** `@my-api`: the package scope. */
  readonly scope: string;
}

// Stricter than npm: the name also becomes SQL identifiers, URN namespaces and JavaScript
// identifiers, so only lowercase letters, digits and single inner hyphens. 40 characters keep
// `<name>_app` and the like well under PostgreSQL's 63-byte identifiers.
const PROJECT_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 40;
const SCOPE = /^@[a-z0-9][a-z0-9-]*$/;

/** Why `name` cannot name a project, or undefined when it can. */
export function projectNameProblem(name: string): string | undefined {
  const npm = validateNpmPackageName(name);
  const npmProblem = [...(npm.errors ?? []), ...(npm.warnings ?? [])][0];
  if (npmProblem !== undefined) {
    return `"${name}" is not a valid npm package name: ${npmProblem}`;
  }
  if (!PROJECT_NAME.test(name) || name.length > MAX_NAME_LENGTH) {
    return `"${name}" must be lowercase letters and digits joined by single hyphens, starting with a letter, at most ${MAX_NAME_LENGTH} characters`;
  }
  return undefined;
}

/** Why `scope` cannot be a package scope, or undefined when it can. */
export function scopeProblem(scope: string): string | undefined {
  if (!SCOPE.test(scope) || scope.length > MAX_NAME_LENGTH + 1) {
    return `"${scope}" is not a package scope: an @ then lowercase letters, digits and hyphens`;
  }
  return undefined;
}

export function projectNames(name: string, scope = `@${name}`): ProjectNames {
  const words = name.split('-');
  const capitalized = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return {
    kebab: name,
    snake: words.join('_'),
    upper: words.join('_').toUpperCase(),
    camel: (words[0] ?? '') + capitalized.slice(1).join(''),
    pascal: capitalized.join(''),
    display: capitalized.join(' '),
    scope,
  };
}
