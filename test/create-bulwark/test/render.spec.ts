import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplate, dropImporters, renderTemplate, type Template } from 'create-bulwark';
import { writeRenderedFiles } from '../src/support.js';
import { REPOSITORY_ROOT } from '../src/paths.js';
import { readAsvsMap } from '../../docs/src/asvs.js';
import { checkDocument } from '../../docs/src/citations.js';
import { Repo } from '../../docs/src/repo.js';
import { checkTables } from '../../docs/src/tables.js';

// A PEM block with a body: key material, not a test that names the header.
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----\s+[A-Za-z0-9+/=]{40}/;

describe(renderTemplate.name, () => {
  let template: Template;
  let files: Map<string, string>;

  beforeAll(async () => {
    template = buildTemplate(REPOSITORY_ROOT, '0.0.0-test');
    const rendered = await renderTemplate(template, {
      name: 'my-api',
      scope: '@acme',
      withBench: false,
      withInfra: true,
    });
    files = new Map(rendered.map(({ path, bytes }) => [path, bytes.toString('utf8')]));
  });

  it("leaves no @bulwark/ name, no key material and none of Bulwark's own files", () => {
    const leaks = [...files].filter(
      ([path, text]) =>
        /@bulwark[/+]/i.test(text) || PRIVATE_KEY.test(text) || /\.(pem|key)$/.test(path),
    );
    expect(leaks.map(([path]) => path)).toEqual([]);
    const own = [...files.keys()].filter((path) =>
      /^(packages\/create-bulwark|test\/create-bulwark|bench)\/|(^|\/)(\.env|\.data\/.*|CHANGELOG\.md)$/.test(
        path,
      ),
    );
    expect(own).toEqual([]);
    const benchCited = [...files].filter(
      ([path, text]) => path.endsWith('.md') && /`pnpm bench`|@acme\/bench/.test(text),
    );
    expect(benchCited.map(([path]) => path)).toEqual([]);
  });

  it('drops the list item that links the benchmarks, and keeps the rest of the list', () => {
    const readme = files.get('README.md') ?? '';
    expect(readme).not.toContain('docs/performance.md');
    expect(readme).toContain('- [Security controls](docs/security/controls.md)');
  });

  it('names the project everywhere a user sees a name', () => {
    const read = (path: string): string => files.get(path) ?? '';
    expect(JSON.parse(read('package.json'))).toMatchObject({
      name: 'my-api',
      scripts: { 'bulwark:upgrade': 'pnpm dlx create-bulwark@latest upgrade' },
    });
    expect(JSON.parse(read('apps/api/package.json'))).toMatchObject({ name: '@acme/api' });
    expect(JSON.parse(read('apps/api/openapi.json'))).toMatchObject({
      info: { title: 'My Api API' },
    });
    expect(read('apps/api/src/platform/config/env.schema.ts')).toContain(
      "JWT_AUDIENCE: z.string().min(1).default('my-api-api')",
    );
    expect(read('apps/api/src/platform/config/env.schema.ts')).toContain(
      ".default('My Api <no-reply@localhost>')",
    );
    expect(read('README.md')).toMatch(/^# my-api\n/);
    expect(read('README.md')).not.toContain('## Create a project');
    expect(read('.env.example')).toContain('postgres://my_api_api@127.0.0.1:5432/my-api');
  });

  it('keeps the benchmarks when asked', async () => {
    const rendered = await renderTemplate(template, {
      name: 'my-api',
      scope: '@acme',
      withBench: true,
      withInfra: true,
    });
    const paths = rendered.map(({ path }) => path);
    expect(paths).toContain('bench/package.json');
    const lockfile = rendered.find(({ path }) => path === 'pnpm-lock.yaml')?.bytes.toString('utf8');
    expect(lockfile).toContain('\n  bench:\n');
  });

  describe('without the Terraform (--no-infra)', () => {
    let project: string;
    let paths: string[];

    beforeAll(async () => {
      const rendered = await renderTemplate(template, {
        name: 'my-api',
        scope: '@acme',
        withBench: false,
        withInfra: false,
      });
      paths = rendered.map(({ path }) => path);
      project = writeRenderedFiles('no-infra', rendered);
    });

    afterAll(() => {
      rmSync(project, { recursive: true, force: true });
    });

    it('leaves out the Terraform, its tests, its workflow and its documents, not the container', () => {
      const infra = paths.filter((path) =>
        /^(infra\/terraform|test\/infra)\/|^\.github\/workflows\/infra\.yml$|^docs\/deployment\.md$/.test(
          path,
        ),
      );
      expect(infra).toEqual([]);
      expect(paths).toEqual(
        expect.arrayContaining(['Dockerfile', 'infra/docker/healthcheck.mjs', 'docs/container.md']),
      );
      const lockfile = readFileSync(join(project, 'pnpm-lock.yaml'), 'utf8');
      expect(lockfile).not.toContain('\n  test/infra:\n');
      expect(lockfile).toContain('\n  test/docs:\n');
    });

    it('documents only what it has: every citation resolves and the ASVS counts add up', () => {
      const repo = new Repo(project);
      const documents = [
        'README.md',
        ...readdirSync(join(project, 'docs'), { recursive: true, encoding: 'utf8' })
          .filter((path) => path.endsWith('.md'))
          .map((path) => `docs/${path}`),
      ];
      const problems = documents.flatMap((path) => {
        const text = readFileSync(join(project, path), 'utf8');
        return [...checkDocument(repo, path, text), ...checkTables(path, text)];
      });
      const asvs = 'docs/security/asvs.md';
      const map = readAsvsMap(asvs, readFileSync(join(project, asvs), 'utf8'));
      expect(
        [...problems, ...map.problems].map(
          ({ file, line, message }) => `${file}:${line}: ${message}`,
        ),
      ).toEqual([]);
      const citing = documents.filter((path) =>
        /infra\/terraform|test\/infra|infra\.yml/.test(readFileSync(join(project, path), 'utf8')),
      );
      expect(citing).toEqual([]);
      // What the Terraform alone proved is now the deployment's to meet.
      const leftToDeployment = map.requirements.filter(({ reason }) =>
        reason.startsWith('left to the deployment'),
      );
      expect(leftToDeployment.map(({ id, status }) => `${id} ${status}`)).toEqual([
        '12.2.2 deviation',
        '13.2.4 deviation',
        '13.2.5 deviation',
      ]);
    });
  });
});

describe(dropImporters.name, () => {
  const lockfile = readFileSync(join(REPOSITORY_ROOT, 'pnpm-lock.yaml'), 'utf8');

  it('removes a workspace and the packages only it used, and nothing else', () => {
    const without = dropImporters(lockfile, ['packages/create-bulwark']);
    expect(without).not.toContain('packages/create-bulwark:');
    expect(without).not.toContain("'@clack/prompts@");
    // prettier is used by the root workspace too.
    expect(without).toContain('\n  prettier@');
    expect(without).toContain('\n  test/create-bulwark:');
  });

  it('leaves a lockfile alone when no workspace goes', () => {
    expect(dropImporters(lockfile, ['no/such/workspace'])).toBe(lockfile);
  });
});
