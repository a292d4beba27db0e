import type { Problem } from './citations.js';
import { lineOf, nodes, parseGfm } from './gfm.js';

// A line GitHub shows as text although it was written as a table row.
const ROW_LIKE = /^\s*\|/;

/**
 * Every table renders whole: each row has its header's cells, and no row is left outside a table
 * (a blank line, or a line that is not a row, ends a table; the rows after it show as raw pipes).
 */
export function checkTables(file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  const report = (line: number, message: string): void => {
    problems.push({ file, line, message });
  };
  for (const node of nodes(parseGfm(text))) {
    if (node.type === 'table') {
      const [header, ...rows] = node.children;
      const columns = header?.children.length ?? 0;
      for (const row of rows) {
        if (row.children.length !== columns) {
          report(lineOf(row), `a row of ${row.children.length} cells in a table of ${columns}`);
        }
      }
    } else if (node.type === 'paragraph') {
      const start = node.position?.start.offset ?? 0;
      const source = text.slice(start, node.position?.end.offset ?? start);
      const index = source.split('\n').findIndex((line) => ROW_LIKE.test(line));
      if (index !== -1) {
        report(
          lineOf(node) + index,
          'a table row outside any table: a blank line or a line that is not a row ends the table above',
        );
      }
    }
  }
  return problems;
}
