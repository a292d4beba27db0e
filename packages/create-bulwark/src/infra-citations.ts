/** A code span citing the Terraform, its tests or its workflow, which `--no-infra` leaves out. */
const INFRA_SPAN =
  /`(?:infra\/terraform|infra\/README\.md|test\/infra|\.github\/workflows\/infra\.yml)[^`]*`/;
const SPAN_LIST = /^`[^`]+`(?:, `[^`]+`)*$/;
const ASVS_STATUS = 3;
const ASVS_REASON = 4;
const ASVS_TEST = 6;

/**
 * Removes the Terraform's evidence from the cells of Markdown tables: a code span from a list of
 * paths, or a clause (`; `-separated) that cites it, such as a test of `test/infra`. The row stays.
 */
export function dropInfraCitations(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|') && INFRA_SPAN.test(line)
        ? line.split('|').map(dropFromCell).join('|')
        : line,
    )
    .join('\n');
}

/**
 * The ASVS map without the Terraform: a requirement it alone proved is left to the deployment,
 * a deviation now, and every count follows the rows.
 */
export function asvsWithoutInfra(markdown: string): string {
  const rows = markdown.split('\n').map((line) => {
    if (!line.startsWith('|') || !INFRA_SPAN.test(line)) {
      return line;
    }
    const cells = line.split('|').map(dropFromCell);
    if (cells[ASVS_STATUS]?.trim() === 'met' && cells[ASVS_TEST]?.trim() === '') {
      cells[ASVS_STATUS] = ' deviation ';
      cells[ASVS_REASON] =
        " left to the deployment: this project was made without Bulwark's Terraform (`--no-infra`), which met it on AWS ";
    }
    return cells.join('|');
  });
  return recount(rows).join('\n');
}

function dropFromCell(cell: string): string {
  if (!INFRA_SPAN.test(cell)) {
    return cell;
  }
  const kept = cell
    .trim()
    .split('; ')
    .map(dropFromClause)
    .filter((clause) => clause !== '');
  return ` ${kept.join('; ')} `;
}

/** From a list of paths, the Terraform's go; any other clause that cites it goes whole. */
function dropFromClause(clause: string): string {
  if (SPAN_LIST.test(clause)) {
    return clause
      .split(', ')
      .filter((span) => !INFRA_SPAN.test(span))
      .join(', ');
  }
  return INFRA_SPAN.test(clause) ? '' : clause;
}

type Counts = [met: number, deviation: number, notApplicable: number];
const STATUSES = ['met', 'deviation', 'not applicable'];
const CHAPTER_HEADING = /^## (V\d+)\b/;

/** Rewrites each chapter's `Counts:` line and the summary table from the rows. */
function recount(lines: readonly string[]): string[] {
  const counts = new Map<string, Counts>();
  let chapter = '';
  for (const line of lines) {
    chapter = CHAPTER_HEADING.exec(line)?.[1] ?? chapter;
    const cells = line.split('|');
    const status = STATUSES.indexOf(cells[ASVS_STATUS]?.trim() ?? '');
    if (/^\d+\.\d+\.\d+$/.test(cells[1]?.trim() ?? '') && status >= 0) {
      const chapterCounts = counts.get(chapter) ?? [0, 0, 0];
      chapterCounts[status] = (chapterCounts[status] ?? 0) + 1;
      counts.set(chapter, chapterCounts);
    }
  }
  const total = [...counts.values()].reduce<Counts>(
    (sum, [met, deviation, notApplicable]) => [
      sum[0] + met,
      sum[1] + deviation,
      sum[2] + notApplicable,
    ],
    [0, 0, 0],
  );
  const summaryRow = (label: string, [met, deviation, notApplicable]: Counts): string =>
    `| ${label} | ${String(met)} | ${String(deviation)} | ${String(notApplicable)} |`;
  chapter = '';
  return lines.map((line) => {
    chapter = CHAPTER_HEADING.exec(line)?.[1] ?? chapter;
    const summaryChapter = /^\| (\[(V\d+)[^|]*?) \|/.exec(line);
    if (summaryChapter !== null) {
      return summaryRow(
        (summaryChapter[1] ?? '').trim(),
        counts.get(summaryChapter[2] ?? '') ?? [0, 0, 0],
      );
    }
    if (line.startsWith('| total ')) {
      return summaryRow('total', total);
    }
    if (line.startsWith('Counts: ')) {
      const [met, deviation, notApplicable] = counts.get(chapter) ?? [0, 0, 0];
      return `Counts: ${String(met)} met, ${String(deviation)} deviation, ${String(notApplicable)} not applicable.`;
    }
    return line;
  });
}
