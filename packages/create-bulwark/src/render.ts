import * as prettier from 'prettier';
import { asvsWithoutInfra, dropInfraCitations } from './infra-citations.js';
import { dropImporters } from './lockfile.js';
import { projectNames } from './names.js';
import { renameText } from './rename.js';
import type { Template } from './template.js';

/** What a user chose when scaffolding; recorded in `.bulwark.json` so upgrades render alike. */
export interface ProjectOptions {
  readonly name: string;
  readonly scope: string;
  readonly withBench: boolean;
  /** Keep the Terraform for AWS (`infra/terraform`), its tests (`test/infra`) and its workflow. */
  readonly withInfra: boolean;
}

export interface RenderedFile {
  readonly path: string;
  readonly executable: boolean;
  readonly bytes: Buffer;
}

// The benchmarks, and the document of their method and figures.
const BENCH = /^(?:bench\/|docs\/performance\.md$)/;
// The container image and its compose stack (infra/docker) stay: the Dockerfile and DAST use them.
const INFRA =
  /^(?:infra\/terraform\/|infra\/README\.md$|test\/infra\/|\.github\/workflows\/infra\.yml$|docs\/deployment\.md$|docs\/runbooks\/vpn-client-certificates\.md$)/;
const BENCH_CLAUSE = /[;,] [^|;,\n]*`(?:pnpm --filter @bulwark\/bench [^`]*|bench:[\w-]+)`/g;
/** Workspaces that are Bulwark's own and leave the lockfile with the files. */
const BULWARK_ONLY_IMPORTERS = ['packages/create-bulwark', 'test/create-bulwark'];

/** The project's files: the template without what the options leave out, edited and renamed. */
export async function renderTemplate(
  template: Template,
  options: ProjectOptions,
): Promise<RenderedFile[]> {
  const names = projectNames(options.name, options.scope);
  const formatting = formattingOf(template);
  const files = template.files.filter(
    (file) =>
      (options.withBench || !BENCH.test(file.path)) &&
      (options.withInfra || !INFRA.test(file.path)),
  );
  return Promise.all(
    files.map(async (file) => {
      if (file.binary) {
        return { ...file, bytes: Buffer.from(file.content, 'base64') };
      }
      const edited = editFile(file.path, file.content, options);
      const renamed = renameText(edited, names);
      // Longer or shorter names move table columns and line breaks: format what changed.
      const text = renamed === file.content ? renamed : await formatting(file.path, renamed);
      return { path: file.path, executable: file.executable, bytes: Buffer.from(text, 'utf8') };
    }),
  );
}

/** Formats a file as the template's own Prettier configuration would, where it applies. */
function formattingOf(template: Template): (path: string, text: string) => Promise<string> {
  const content = (path: string): string | undefined =>
    template.files.find((file) => file.path === path)?.content;
  const config = JSON.parse(content('.prettierrc.json') ?? '{}') as prettier.Options;
  const ignored = (content('.prettierignore') ?? '')
    .split('\n')
    .map((line) => line.trim().replace(/\/$/, ''))
    .filter((line) => line !== '' && !line.startsWith('#'));
  return async (path, text) => {
    const segments = path.split('/');
    if (ignored.some((entry) => path === entry || segments.includes(entry))) {
      return text;
    }
    const { inferredParser } = await prettier.getFileInfo(path, { ignorePath: [] });
    return inferredParser === null ? text : prettier.format(text, { ...config, filepath: path });
  };
}

/** The edits beyond renaming, each asserting its anchor so that a moved anchor fails loudly. */
function editFile(path: string, text: string, options: ProjectOptions): string {
  switch (path) {
    case 'package.json':
      return editRootManifest(text, options);
    case 'pnpm-workspace.yaml':
      return options.withBench ? text : replaceOnce(path, text, '  - bench\n', '');
    case 'pnpm-lock.yaml':
      return dropImporters(text, [
        ...BULWARK_ONLY_IMPORTERS,
        ...(options.withBench ? [] : ['bench']),
        ...(options.withInfra ? [] : ['test/infra']),
      ]);
    case 'README.md':
      return editReadme(text, options);
    case '.prettierignore':
      return dropLines(text, (line) => line.startsWith('packages/create-bulwark/'));
    case '.ci/run':
      // The scaffolder's own suite stays behind with the scaffolder.
      return dropLines(text, (line) => line.includes('test:scaffold'));
    default:
      return path.endsWith('.md') ? editMarkdown(path, text, options) : text;
  }
}

function editMarkdown(path: string, text: string, options: ProjectOptions): string {
  // A benchmark is cited as evidence beside a test: the clause goes, the row stays.
  const markdown = options.withBench ? text : text.replace(BENCH_CLAUSE, '');
  return options.withInfra ? markdown : withoutInfra(path, markdown);
}

/** The documents without the Terraform: its section, its citations, and the ASVS rows it proved. */
function withoutInfra(path: string, markdown: string): string {
  switch (path) {
    case 'docs/security/controls.md':
      return dropHeadingSection(path, markdown, '## Infrastructure on AWS');
    case 'docs/security/asvs.md':
      return asvsWithoutInfra(
        replaceOnce(path, markdown, '; controls.md for the AWS log groups', ''),
      );
    case 'docs/architecture.md':
      return dropInfraCitations(
        replaceOnce(
          path,
          markdown,
          'workflows, Terraform, a running API',
          'workflows, a running API',
        ),
      );
    case 'docs/runbooks/secrets.md':
      return replaceOnce(
        path,
        markdown,
        ' (ECS `secrets`, what\n[infra/terraform](../../infra/terraform/modules/service/main.tf) does)',
        ' (ECS `secrets`)',
      );
    case 'docs/runbooks/pwned-passwords.md':
      return replaceOnce(
        path,
        markdown,
        'The Terraform network module denies the API tasks\n   any outbound traffic to the internet: add',
        'Where the network denies the API\n   outbound traffic to the internet, add',
      );
    default:
      return dropInfraCitations(markdown);
  }
}

function editRootManifest(text: string, options: ProjectOptions): string {
  const manifest = JSON.parse(text) as { description?: string; scripts: Record<string, string> };
  manifest.description = 'Built from Bulwark, the hardened backend starter (.bulwark.json).';
  const { scripts } = manifest;
  delete scripts['test:scaffold'];
  scripts['bulwark:upgrade'] = 'pnpm dlx create-bulwark@latest upgrade';
  if (!options.withBench) {
    delete scripts.bench;
    const boundaries = scripts['lint:boundaries'] ?? '';
    scripts['lint:boundaries'] = replaceOnce('package.json', boundaries, ' bench ', ' ');
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function editReadme(text: string, options: ProjectOptions): string {
  let readme = replaceOnce(
    'README.md',
    text,
    '# Bulwark\n',
    `# ${options.name}\n\nBuilt from [Bulwark](https://www.npmjs.com/package/create-bulwark), the hardened backend starter; [docs/upgrading.md](docs/upgrading.md) brings in its later fixes.\n`,
  );
  // Bulwark's progress and how to scaffold from it say nothing about this project.
  readme = dropSection('README.md', readme, '**Status.**', '\n\n');
  readme = dropSection('README.md', readme, '## Create a project\n', '\n## ');
  readme = dropMentions(readme, /`pnpm test:scaffold`|^packages\/create-bulwark /);
  return options.withBench
    ? readme
    : dropMentions(readme, /`pnpm bench`|@bulwark\/bench|^bench\/|docs\/performance\.md/);
}

/**
 * Removes what mentions `pattern` from Markdown: the matching rows of a table, items of a list or
 * lines of a code block, a paragraph that starts with it, or else the sentences that mention it.
 */
function dropMentions(markdown: string, pattern: RegExp): string {
  return markdown
    .split('\n\n')
    .map((block) => {
      const lines = block.split('\n');
      // A code block, a table or a list of one-line items: line by line.
      if (block.startsWith('```') || lines.every((line) => /^(?:\||- |$)/.test(line))) {
        return lines.filter((line) => !pattern.test(line)).join('\n');
      }
      if (pattern.test(lines[0] ?? '')) {
        return '';
      }
      if (!pattern.test(block)) {
        return block;
      }
      return block
        .split(/(?<=[.!?])[ \n](?=[A-Z`*])/)
        .filter((sentence) => !pattern.test(sentence))
        .join(' ');
    })
    .filter((block) => block !== '')
    .join('\n\n');
}

/** Removes from `start` up to the next `end`, and the blank lines before what follows. */
function dropSection(path: string, text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from + start.length);
  if (from < 0 || to < 0) {
    throw new Error(`${path}: the template changed, "${start.trim()}" is gone`);
  }
  return text.slice(0, from) + text.slice(to).replace(/^\n+/, '');
}

/** Removes a heading's section, up to the next heading of its level or the end. */
function dropHeadingSection(path: string, text: string, heading: string): string {
  const from = text.indexOf(`\n${heading}`);
  if (from < 0) {
    throw new Error(`${path}: the template changed, "${heading}" is gone`);
  }
  const level = heading.slice(0, heading.indexOf(' ') + 1);
  const to = text.indexOf(`\n${level}`, from + 1);
  return text.slice(0, from + 1) + (to < 0 ? '' : text.slice(to + 1));
}

function replaceOnce(path: string, text: string, anchor: string, replacement: string): string {
  if (!text.includes(anchor)) {
    throw new Error(`${path}: the template changed, "${anchor.trim()}" is gone`);
  }
  return text.replace(anchor, replacement);
}

function dropLines(text: string, drop: (line: string) => boolean): string {
  return text
    .split('\n')
    .filter((line) => !drop(line))
    .join('\n');
}
