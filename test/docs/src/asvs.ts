import { parseMarkdown } from './markdown.js';
import type { Problem } from './citations.js';

export const STATUSES = ['met', 'deviation', 'not applicable'] as const;
export type Status = (typeof STATUSES)[number];

export interface Requirement {
  readonly line: number;
  readonly chapter: string;
  readonly id: string;
  readonly status: Status;
  readonly reason: string;
}

export interface AsvsMap {
  readonly requirements: readonly Requirement[];
  /** Deviations whose reason starts with `In progress:`: work under way, to be updated. */
  readonly inProgress: readonly Requirement[];
  readonly problems: readonly Problem[];
}

const ID = /^\d+\.\d+\.\d+$/;
const CHAPTER = /^(V\d+)\b/;
const COUNTS = /^Counts: (\d+) met, (\d+) deviation, (\d+) not applicable\.$/;
export const IN_PROGRESS = 'In progress:';

type Counts = Record<Status, number>;

/**
 * Reads docs/security/asvs.md: one row per requirement (`id | requirement | status | how, or why
 * not | code | test`) under its chapter heading, a `Counts:` line per chapter and a summary table;
 * every count must be the rows' own.
 */
export function readAsvsMap(file: string, text: string): AsvsMap {
  const doc = parseMarkdown(text);
  const problems: Problem[] = [];
  const report = (line: number, message: string): void => {
    problems.push({ file, line, message });
  };
  const chapterAt = (line: number): string | undefined =>
    doc.headings
      .filter((heading) => heading.line < line)
      .reverse()[0]
      ?.value.match(CHAPTER)?.[1];

  const requirements: Requirement[] = [];
  const seen = new Set<string>();
  for (const table of doc.tables.filter((candidate) => candidate.header[0] === 'id')) {
    const chapter = chapterAt(table.line);
    for (const { line, value } of table.rows) {
      const [id = '', , status = '', reason = '', , test = ''] = value;
      if (!ID.test(id) || chapter === undefined || !id.startsWith(`${chapter.slice(1)}.`)) {
        report(line, `"${id}" is not a requirement id of the chapter it is under`);
        continue;
      }
      if (seen.has(id)) {
        report(line, `${id} is listed twice`);
      }
      seen.add(id);
      if (!isStatus(status)) {
        report(line, `${id}: status "${status}" is not one of ${STATUSES.join(', ')}`);
        continue;
      }
      if (status !== 'met' && reason === '') {
        report(line, `${id}: a ${status} needs its reason`);
      }
      if (status === 'met' && test === '') {
        report(line, `${id}: met, but nothing proves it`);
      }
      requirements.push({ line, chapter, id, status, reason });
    }
  }

  const counted = new Map<string, Counts>();
  for (const requirement of requirements) {
    const counts = counted.get(requirement.chapter) ?? zero();
    counts[requirement.status] += 1;
    counted.set(requirement.chapter, counts);
  }
  const stated = (
    line: number,
    counts: Counts,
    label: string,
    expected: Counts | undefined,
  ): void => {
    const actual = expected ?? zero();
    if (STATUSES.some((status) => counts[status] !== actual[status])) {
      report(line, `${label}: the counts say ${show(counts)}, the rows ${show(actual)}`);
    }
  };

  const chaptersWithCounts = new Set<string>();
  doc.lines.forEach((text, index) => {
    const match = COUNTS.exec(text.trim());
    const chapter = chapterAt(index + 1);
    if (match !== null && chapter !== undefined) {
      chaptersWithCounts.add(chapter);
      stated(index + 1, countsOf(match.slice(1, 4)), chapter, counted.get(chapter));
    }
  });
  for (const chapter of counted.keys()) {
    if (!chaptersWithCounts.has(chapter)) {
      report(1, `${chapter} has no "Counts:" line`);
    }
  }

  const summary = doc.tables.find((table) => table.header[0] === 'chapter');
  if (summary === undefined) {
    report(1, 'no summary table (chapter | met | deviation | not applicable)');
  } else {
    const inSummary = new Set<string>();
    for (const { line, value } of summary.rows) {
      const label = (value[0] ?? '').replace(/^\[([^\]]*)\].*$/, '$1');
      const counts = countsOf(value.slice(1, 4));
      if (label === 'total') {
        stated(line, counts, 'total', total([...counted.values()]));
        continue;
      }
      const chapter = CHAPTER.exec(label)?.[1] ?? label;
      inSummary.add(chapter);
      stated(line, counts, chapter, counted.get(chapter));
    }
    for (const chapter of counted.keys()) {
      if (!inSummary.has(chapter)) {
        report(summary.line, `${chapter} is missing from the summary`);
      }
    }
  }

  const inProgress = requirements.filter(
    (requirement) =>
      requirement.status === 'deviation' && requirement.reason.startsWith(IN_PROGRESS),
  );
  return { requirements, inProgress, problems };
}

function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

function zero(): Counts {
  return { met: 0, deviation: 0, 'not applicable': 0 };
}

function countsOf(cells: readonly string[]): Counts {
  const [met = '', deviation = '', notApplicable = ''] = cells;
  return {
    met: Number(met),
    deviation: Number(deviation),
    'not applicable': Number(notApplicable),
  };
}

function total(all: readonly Counts[]): Counts {
  const sum = zero();
  for (const counts of all) {
    for (const status of STATUSES) {
      sum[status] += counts[status];
    }
  }
  return sum;
}

function show(counts: Counts): string {
  return STATUSES.map((status) => `${counts[status]} ${status}`).join(', ');
}
