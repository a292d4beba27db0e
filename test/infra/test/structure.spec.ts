import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format } from '@cdktf/hcl-tools';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  firewallRows,
  FIREWALL_HEADER,
  inputRows,
  moduleDocs,
  outputRows,
  readTables,
  renderTable,
  replaceSection,
} from '../src/docs.js';
import {
  type Body,
  blocks,
  isBody,
  loadModuleDir,
  type ModuleDir,
  readSources,
  repoRoot,
  terraformRoot,
  text,
} from '../src/hcl.js';
import { type Instance } from '../src/values.js';

/** UPDATE_INFRA_DOCS=1 rewrites the generated tables instead of checking them. */
const update = process.env.UPDATE_INFRA_DOCS === '1';

const MODULES = ['data', 'edge', 'network', 'observability', 'service', 'vpn'];
const ENVIRONMENTS = ['production', 'staging'];

let sources: Map<string, string>;
const modules = new Map<string, ModuleDir>();

beforeAll(async () => {
  sources = await readSources();
  for (const name of MODULES) {
    modules.set(name, await loadModuleDir(sources, `modules/${name}`));
  }
});

/** A constraint with an upper bound: `~> x.y`, or a range closed by `<`. */
function hasUpperBound(constraint: string): boolean {
  return /^~>\s*\d/.test(constraint.trim()) || /(^|,)\s*<\s*\d/.test(constraint);
}

/** Local paths, registry modules with an exact version, git sources at a full commit. */
function moduleSourcePinned(call: Body): boolean {
  const source = text(call.source);
  if (source.startsWith('./') || source.startsWith('../')) {
    return true;
  }
  if (/^git::|github\.com/.test(source)) {
    return /[?&]ref=[0-9a-f]{40}$/.test(source);
  }
  return /^\d+\.\d+\.\d+$/.test(text(call.version));
}

function providers(module: ModuleDir): [string, Body][] {
  return module.terraform.flatMap((t) =>
    blocks(t.required_providers).flatMap((p) =>
      Object.entries(p).flatMap(([name, value]): [string, Body][] =>
        isBody(value) ? [[name, value]] : [],
      ),
    ),
  );
}

async function checkSection(
  file: string,
  name: string,
  expected: string,
  tables: () => Promise<void>,
): Promise<void> {
  const path = join(repoRoot, file);
  const markdown = await readFile(path, 'utf8');
  if (update) {
    await writeFile(path, replaceSection(markdown, name, expected));
    return;
  }
  await tables();
}

describe('module shape', () => {
  it.each(MODULES)('%s has main.tf, variables.tf, outputs.tf, versions.tf and a README', (name) => {
    for (const file of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md']) {
      expect(existsSync(join(terraformRoot, 'modules', name, file)), file).toBe(true);
    }
  });

  it.each(MODULES)('%s types and describes every variable and describes every output', (name) => {
    const module = modules.get(name)!;
    for (const [variable, body] of module.variables) {
      expect(text(body.type), `${variable}.type`).not.toBe('');
      expect(text(body.description).trim(), `${variable}.description`).not.toBe('');
    }
    for (const [output, body] of module.outputs) {
      expect(text(body.description).trim(), `${output}.description`).not.toBe('');
    }
  });

  it.each(MODULES)('%s README lists exactly its inputs and outputs', async (name) => {
    const module = modules.get(name)!;
    const file = `infra/terraform/modules/${name}/README.md`;
    await checkSection(file, 'TF_DOCS', moduleDocs(module), async () => {
      const [inputs, outputs] = readTables(await readFile(join(repoRoot, file), 'utf8'), 'TF_DOCS');
      expect(inputs).toEqual(
        inputRows(module).map((row) => row.map((c) => c.replace(/\s+/g, ' '))),
      );
      expect(outputs).toEqual(outputRows(module));
    });
  });

  it.each(MODULES)('both environments call %s', (name) => {
    for (const environment of ENVIRONMENTS) {
      const calls = [...sources.keys()].filter((f) => f.startsWith(`environments/${environment}/`));
      expect(calls.some((f) => sources.get(f)?.includes(`source = "../../modules/${name}"`))).toBe(
        true,
      );
    }
  });
});

describe('pinning', () => {
  it('pins Terraform and every provider with an upper bound, everywhere', async () => {
    const dirs = [
      ...MODULES.map((m) => `modules/${m}`),
      ...ENVIRONMENTS.map((e) => `environments/${e}`),
    ];
    for (const dir of dirs) {
      const module = await loadModuleDir(sources, dir);
      const versions = module.terraform
        .map((t) => text(t.required_version))
        .filter((v) => v !== '');
      expect(versions, dir).toHaveLength(1);
      expect(hasUpperBound(versions[0]!), `${dir} required_version`).toBe(true);
      expect(providers(module).length, dir).toBeGreaterThan(0);
      for (const [name, provider] of providers(module)) {
        expect(text(provider.source), `${dir} ${name}.source`).toMatch(/^hashicorp\//);
        expect(hasUpperBound(text(provider.version)), `${dir} ${name}.version`).toBe(true);
      }
      for (const [name, call] of module.calls) {
        expect(moduleSourcePinned(call), `${dir} module.${name}`).toBe(true);
      }
    }
  });

  it('tells pinned from floating', () => {
    expect(hasUpperBound('>= 6.0.0, < 7.0.0')).toBe(true);
    expect(hasUpperBound('~> 6.2')).toBe(true);
    expect(hasUpperBound('>= 6.0.0')).toBe(false);
    expect(moduleSourcePinned({ source: 'terraform-aws-modules/vpc/aws', version: '6.0.1' })).toBe(
      true,
    );
    expect(moduleSourcePinned({ source: 'terraform-aws-modules/vpc/aws', version: '~> 6.0' })).toBe(
      false,
    );
    expect(moduleSourcePinned({ source: 'git::https://github.com/org/repo.git?ref=main' })).toBe(
      false,
    );
    expect(
      moduleSourcePinned({ source: `git::https://github.com/org/repo.git?ref=${'a'.repeat(40)}` }),
    ).toBe(true);
  });
});

describe('formatting', () => {
  it('every .tf file is formatted as terraform fmt formats it (hclwrite)', async () => {
    for (const [file, source] of sources) {
      expect(await format(source), file).toBe(source);
    }
  });

  it('the formatter catches misaligned arguments', async () => {
    expect(await format('a = 1\nbcd = 2\n')).not.toBe('a = 1\nbcd = 2\n');
  });
});

describe('the firewall table', () => {
  let network: Instance;

  beforeAll(async () => {
    network = {
      path: 'modules/network',
      module: await loadModuleDir(sources, 'modules/network'),
      children: new Map(),
    };
  });

  it.each(['infra/README.md', 'docs/deployment.md'])(
    '%s lists exactly the security group rules of the code',
    async (file) => {
      const rows = firewallRows(network);
      expect(rows.length).toBeGreaterThan(10);
      await checkSection(file, 'FIREWALL_RULES', renderTable(FIREWALL_HEADER, rows), async () => {
        const [table] = readTables(await readFile(join(repoRoot, file), 'utf8'), 'FIREWALL_RULES');
        expect(table).toEqual(rows);
      });
    },
  );
});
