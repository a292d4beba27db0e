import { type Body, type ModuleDir, text } from './hcl.js';
import { resolver, wholeExpression, type Instance } from './values.js';

export type Row = readonly string[];

const cell = (value: string): string => value.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');

export function renderTable(header: Row, rows: readonly Row[]): string {
  const line = (cells: Row): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The rows of every table between two markers, cells trimmed, header and rule dropped. */
export function readTables(markdown: string, name: string): Row[][] {
  const begin = markdown.indexOf(`<!-- BEGIN_${name} -->`);
  const end = markdown.indexOf(`<!-- END_${name} -->`);
  if (begin < 0 || end < begin) {
    return [];
  }
  const tables: Row[][] = [];
  let current: Row[] | undefined;
  for (const line of markdown.slice(begin, end).split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    if (current === undefined) {
      current = [];
      tables.push(current);
    } else if (!cells.every((c) => /^:?-+:?$/.test(c))) {
      current.push(cells);
    }
  }
  return tables;
}

export function replaceSection(markdown: string, name: string, content: string): string {
  const begin = `<!-- BEGIN_${name} -->`;
  const end = `<!-- END_${name} -->`;
  const from = markdown.indexOf(begin);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) {
    throw new Error(`no ${name} markers`);
  }
  return `${markdown.slice(0, from + begin.length)}\n\n${content}\n\n${markdown.slice(to)}`;
}

const code = (value: string): string => `\`${value}\``;

function typeOf(variable: Body): string {
  const type = text(variable.type);
  return wholeExpression(type) ?? type;
}

export function inputRows(module: ModuleDir): Row[] {
  return [...module.variables.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, variable]) => [
      code(name),
      text(variable.description),
      code(typeOf(variable).replace(/\s+/g, ' ')),
      'default' in variable ? 'no' : 'yes',
    ]);
}

export function outputRows(module: ModuleDir): Row[] {
  return [...module.outputs.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, output]) => [code(name), text(output.description)]);
}

export const INPUT_HEADER: Row = ['name', 'description', 'type', 'required'];
export const OUTPUT_HEADER: Row = ['name', 'description'];

export function moduleDocs(module: ModuleDir): string {
  return [
    '### Inputs',
    '',
    renderTable(INPUT_HEADER, inputRows(module)),
    '',
    '### Outputs',
    '',
    renderTable(OUTPUT_HEADER, outputRows(module)),
  ].join('\n');
}

// The firewall table -------------------------------------------------------------------------

export const FIREWALL_HEADER: Row = [
  'rule',
  'security group',
  'direction',
  'port',
  'peer',
  'description',
];

function reference(expr: string): string | undefined {
  return /^aws_security_group\.(\w+)\.id$/.exec(expr)?.[1];
}

/** One row per aws_vpc_security_group_*_rule of the network module, read from the code. */
export function firewallRows(network: Instance): Row[] {
  return network.module.resources
    .filter((r) => r.type.startsWith('aws_vpc_security_group_'))
    .map((r) => {
      const expr = (key: string): string => wholeExpression(text(r.body[key])) ?? text(r.body[key]);
      const port = (): string => {
        const from = r.body.from_port;
        if (typeof from === 'number') {
          return String(from);
        }
        const name = /^var\.(\w+)$/.exec(expr('from_port'))?.[1] ?? '?';
        const value = resolver.expression(`var.${name}`, network);
        const fallback = value.kind === 'variable' ? value.candidates[0] : value;
        return `${name} (${fallback?.kind === 'scalar' ? String(fallback.value) : '?'})`;
      };
      const referenced = reference(expr('referenced_security_group_id'));
      const peer =
        referenced !== undefined
          ? `sg ${referenced}`
          : 'prefix_list_id' in r.body
            ? 'S3 prefix list'
            : text(r.body.cidr_ipv4);
      return [
        code(r.name),
        reference(expr('security_group_id')) ?? '?',
        r.type.endsWith('ingress_rule') ? 'in' : 'out',
        `${text(r.body.ip_protocol)} ${port()}`,
        peer,
        text(r.body.description),
      ];
    });
}
