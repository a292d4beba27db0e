import { dirname, join, normalize } from 'node:path';
import {
  anchors,
  codeSpans,
  linkTargets,
  parseMarkdown,
  tokens,
  type Document,
  type Table,
} from './markdown.js';
import type { Repo } from './repo.js';

export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

// A code span that could be a path: names and slashes, no spaces, no scheme, no placeholder.
const PATH_LIKE = /^[\w.@-]+(?:\/[\w.@*-]+)*\/?$/;
// In a table's code or test column, such a span with a slash or one of these endings is a file
// (a span starting with @ is a package or a lint rule).
const FILE_LIKE = /^[^@].*(?:\/|\.(?:ts|js|mjs|json|md|tf|ya?ml|sh|conf|tsv)$)/;
const TEST_FILE = /\.(?:e2e-)?spec\.ts$/;
const CITING_COLUMN = /^(?:code|test|where)\b/i;

/** Every cited path exists, every quoted test name is in its test file, every relative link resolves. */
export function checkDocument(repo: Repo, file: string, text: string): Problem[] {
  const doc = parseMarkdown(text);
  return [
    ...checkPaths(repo, file, doc),
    ...checkTestNames(repo, file, doc),
    ...checkLinks(repo, file, doc),
  ];
}

/** A code span naming a top-level entry of the repository is a path from the root, and must exist. */
function checkPaths(repo: Repo, file: string, doc: Document): Problem[] {
  const problems: Problem[] = [];
  const citing = citingCells(doc);
  doc.lines.forEach((line, index) => {
    for (const path of codeSpans(line)) {
      if (!PATH_LIKE.test(path)) {
        continue;
      }
      const fromRoot = repo.topLevel.has(path.split('/')[0] ?? '');
      if (fromRoot && !repo.isIgnored(path) && !repo.exists(path)) {
        problems.push({ file, line: index + 1, message: `\`${path}\` does not exist` });
      } else if (!fromRoot && FILE_LIKE.test(path) && citing.get(index + 1)?.has(path) === true) {
        problems.push({
          file,
          line: index + 1,
          message: `\`${path}\`: cite paths from the repository root`,
        });
      }
    }
  });
  return problems;
}

/** The code spans of each line that sit in a code, test or where column of a table. */
function citingCells(doc: Document): Map<number, Set<string>> {
  const byLine = new Map<number, Set<string>>();
  for (const table of doc.tables) {
    const columns = columnsMatching(table, CITING_COLUMN);
    for (const row of table.rows) {
      const spans = columns.flatMap((column) => codeSpans(row.value[column] ?? ''));
      byLine.set(row.line, new Set(spans));
    }
  }
  return byLine;
}

/**
 * In a table's test column, a "quoted" string is a test name: it must be a string literal of the
 * last test file cited before it in the cell, or of some test file when the cell cites none.
 */
function checkTestNames(repo: Repo, file: string, doc: Document): Problem[] {
  const problems: Problem[] = [];
  for (const table of doc.tables) {
    for (const column of columnsMatching(table, /^test\b/i)) {
      for (const row of table.rows) {
        let testFile: string | undefined;
        for (const token of tokens(row.value[column] ?? '')) {
          if (token.kind === 'code') {
            if (TEST_FILE.test(token.text)) {
              testFile = repo.exists(token.text) ? token.text : undefined;
            }
          } else if (!repo.hasTestName(token.text, testFile)) {
            problems.push({
              file,
              line: row.line,
              message: `test "${token.text}" is not in ${testFile ?? 'any test file'}`,
            });
          }
        }
      }
    }
  }
  return problems;
}

/** Relative links and images point at files that exist, and at headings that exist in Markdown. */
function checkLinks(repo: Repo, file: string, doc: Document): Problem[] {
  const problems: Problem[] = [];
  doc.lines.forEach((line, index) => {
    for (const target of linkTargets(line)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        continue;
      }
      const [pathPart = '', fragment] = target.split('#', 2);
      const path = pathPart === '' ? file : normalize(join(dirname(file), decodeURI(pathPart)));
      const report = (message: string): void => {
        problems.push({ file, line: index + 1, message: `link ${target}: ${message}` });
      };
      if (path.startsWith('..') || !repo.exists(path)) {
        report('no such file');
      } else if (fragment !== undefined && path.endsWith('.md')) {
        const headings = path === file ? doc.headings : parseMarkdown(repo.read(path)).headings;
        if (!anchors(headings).has(fragment)) {
          report('no such heading');
        }
      }
    }
  });
  return problems;
}

function columnsMatching(table: Table, header: RegExp): number[] {
  return table.header.flatMap((cell, index) => (header.test(cell) ? [index] : []));
}
