/**
 * The small part of Markdown the docs use, as Prettier writes it: headings, fenced blocks, pipe
 * tables, code spans and links. Hand-written rather than a Markdown library: the docs are
 * Prettier-formatted, so these few rules read them exactly, and line numbers come for free.
 */

export interface Located<T> {
  readonly line: number;
  readonly value: T;
}

export interface Table {
  readonly line: number;
  readonly header: readonly string[];
  readonly rows: readonly Located<readonly string[]>[];
}

export interface Document {
  /** The lines outside fenced code blocks; a line inside one is empty. */
  readonly lines: readonly string[];
  readonly headings: readonly Located<string>[];
  readonly tables: readonly Table[];
}

const FENCE = /^\s*(```|~~~)/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE_CELL = /^:?-+:?$/;

export function parseMarkdown(text: string): Document {
  const lines: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (FENCE.test(line)) {
      fenced = !fenced;
      lines.push('');
    } else {
      lines.push(fenced ? '' : line);
    }
  }
  const headings: Located<string>[] = [];
  const tables: Table[] = [];
  let current: { line: number; header: string[]; rows: Located<string[]>[] } | undefined;
  lines.forEach((line, index) => {
    const heading = HEADING.exec(line);
    if (heading !== null) {
      headings.push({ line: index + 1, value: heading[2] ?? '' });
    }
    if (!line.trimStart().startsWith('|')) {
      current = undefined;
      return;
    }
    const cells = splitRow(line);
    if (current === undefined) {
      current = { line: index + 1, header: cells, rows: [] };
      tables.push(current);
    } else if (!cells.every((cell) => RULE_CELL.test(cell))) {
      current.rows.push({ line: index + 1, value: cells });
    }
  });
  return { lines, headings, tables };
}

/** The cells of a table row: split on pipes outside code spans and not escaped, trimmed. */
export function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let index = 0; index < body.length; index += 1) {
    const character = body.charAt(index);
    if (character === '\\' && body[index + 1] === '|') {
      cell += '|';
      index += 1;
    } else if (character === '`') {
      inCode = !inCode;
      cell += character;
    } else if (character === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += character;
    }
  }
  cells.push(cell.trim());
  return cells;
}

export type Token = { kind: 'code'; text: string } | { kind: 'quoted'; text: string };

/** Code spans and straight-double-quoted strings outside code spans, in order. */
export function tokens(text: string): Token[] {
  return [...text.matchAll(/`([^`]+)`|"([^"]+)"/g)].map((match) =>
    match[1] === undefined
      ? { kind: 'quoted', text: match[2] ?? '' }
      : { kind: 'code', text: match[1] },
  );
}

/** The text of every code span. */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
}

/** Link targets of a line, code spans left out: inline links, images and reference definitions. */
export function linkTargets(line: string): string[] {
  const prose = line.replace(/`[^`]*`/g, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)];
  const reference = /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+".*")?\s*$/.exec(prose);
  return [
    ...inline.map((match) => match[1] ?? ''),
    ...(reference === null ? [] : [reference[1] ?? '']),
  ];
}

/** GitHub's anchor for each heading, in order, with -1, -2 … for repeats. */
export function anchors(headings: readonly Located<string>[]): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const { value } of headings) {
    const base = value
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[`*]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}
