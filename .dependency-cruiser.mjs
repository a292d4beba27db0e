// Architecture rules of Bulwark, checked by `pnpm lint:boundaries` (part of `pnpm lint`).
// The layers and why they are ordered so: docs/architecture.md.
const SRC = '^apps/api/src/';
const LAYERS = ['platform', 'security', 'identity', 'access', 'admin|resources'];

/** Layer i may import layers below it, never one above. */
const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer}`,
  severity: 'error',
  comment: `${layer}/ may import only the layers below it: ${LAYERS.slice(0, index).join(', ') || 'none'} (docs/architecture.md).`,
  from: { path: `${SRC}(${layer})/` },
  to: { path: `${SRC}(${LAYERS.slice(index + 1).join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in a cycle; imports erased at compile time are allowed.',
      from: {},
      to: { circular: true, preCompilationOnly: false },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment:
        'Capability folders import each other in a cycle: one of them should own what both need. The composition root (src/*.ts, src/cli/) is exempt.',
      scope: 'folder',
      from: { path: `${SRC}(platform|security|identity|access|admin|resources)/` },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'admin-and-resources-apart',
      severity: 'error',
      comment: 'admin/ and resources/ sit side by side on top: neither builds on the other.',
      from: { path: `${SRC}admin/` },
      to: { path: `${SRC}resources/` },
    },
    {
      name: 'admin-and-resources-apart',
      severity: 'error',
      comment: 'admin/ and resources/ sit side by side on top: neither builds on the other.',
      from: { path: `${SRC}resources/` },
      to: { path: `${SRC}admin/` },
    },
    {
      name: 'resources-independent',
      severity: 'error',
      comment:
        'A resource never imports another resource: what they share belongs in a layer below.',
      from: { path: `${SRC}resources/([^/]+)/` },
      to: { path: `${SRC}resources/`, pathNot: `${SRC}resources/$1/` },
    },
    {
      name: 'resources-query-through-ownership',
      severity: 'error',
      comment:
        "A resource reaches its rows only through OwnedRepository (access/ownership), which puts the caller's ownership into every query; only its entities use TypeORM, and its jobs repositories (`*-jobs.repository.ts`): the data of work done for no user (a malware rescan, an orphan sweep).",
      from: { path: `${SRC}resources/`, pathNot: '(\\.entity|-jobs\\.repository)\\.ts$' },
      to: {
        path: '(^|/)node_modules/(typeorm|@nestjs/typeorm)/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'layers-do-not-import-composition',
      severity: 'error',
      comment:
        'Only the composition root (src/*.ts, src/cli/) knows every layer; the layers never import it.',
      from: { path: `${SRC}(platform|security|identity|access|admin|resources)/` },
      to: { path: [`${SRC}[^/]+$`, `${SRC}cli/`] },
    },
    {
      name: 'packages-framework-free',
      severity: 'error',
      comment: 'packages/* are plain TypeScript: no NestJS, no TypeORM, no application code.',
      from: { path: '^packages/[^/]+/src/' },
      to: { path: ['(^|/)node_modules/(@nestjs|typeorm)/', '^apps/'] },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      comment: 'Application code never imports test code: it would be compiled into dist.',
      from: { path: '^(apps/[^/]+|packages/[^/]+)/src/', pathNot: '\\.spec\\.ts$' },
      to: { path: ['/test/', '\\.spec\\.ts$', '(^|/)node_modules/vitest/'] },
    },
    {
      name: 'services-do-not-import-controllers',
      severity: 'error',
      comment:
        'Controllers are the thin HTTP edge: services and repositories never depend on them.',
      from: { path: '\\.(service|repository)\\.ts$' },
      to: { path: '\\.controller\\.ts$' },
    },
    {
      name: 'bench-uses-public-entries',
      severity: 'error',
      comment:
        'bench/ builds on @bulwark/api and @bulwark/api/testing, not on files that may move.',
      from: { path: '^bench/' },
      to: {
        path: '^apps/api/',
        pathNot: ['^apps/api/src/index\\.ts$', '^apps/api/test/support/testing\\.ts$'],
      },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Unit specs sit beside the code they test and may build on the composition root.
    exclude: { path: ['(^|/)(dist|coverage|\\.data)/', '\\.spec\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'types', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};
