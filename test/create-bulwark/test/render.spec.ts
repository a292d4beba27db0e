import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTemplate, dropImporters, renderTemplate, type Template } from 'create-bulwark';
import { REPOSITORY_ROOT } from '../src/paths.js';

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
    });
    const paths = rendered.map(({ path }) => path);
    expect(paths).toContain('bench/package.json');
    const lockfile = rendered.find(({ path }) => path === 'pnpm-lock.yaml')?.bytes.toString('utf8');
    expect(lockfile).toContain('\n  bench:\n');
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
