// When an import is refused for what its rows turned out to be: no row accepted, too many rejected, or
// (a join to a register) a coverage list of which no row was accepted or none fits a register address.
// Each check throws an ImportError inside the import's transaction, so nothing changes.
import type { Rejects } from './rejects.ts';
import { ImportError } from './session.ts';

/** Share of rejected rows above which an import is refused unless rejects are allowed. */
export const DEFAULT_MAX_REJECT_SHARE = 0.2;

export interface AcceptanceOptions {
  rejectsPath?: string | null;
  /** Import the accepted rows however many are rejected (at least one must be). */
  allowRejects?: boolean;
  /** Largest share of rejected rows, 0..1 (default DEFAULT_MAX_REJECT_SHARE). */
  maxRejectShare?: number;
}

/** The most frequent reasons of `byReason`, as "5× technology: unknown technology; …". */
function topReasons(byReason: ReadonlyMap<string, number>): string {
  return [...byReason]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([r, n]) => `${n}× ${r}`)
    .join('; ');
}

/** The first rejected row's file, line, field and reason, as " For example: a.csv line 2, max_down_mbps: not a number: 'fast'." */
function example(rejects: Rejects): string {
  const f = rejects.first;
  return f ? ` For example: ${f.file} line ${f.line}${f.field ? `, ${f.field}` : ''}: ${f.reason}.` : '';
}

function seeRejects(options: AcceptanceOptions): string {
  return options.rejectsPath ? ` The rejected rows are in ${options.rejectsPath}.` : ' Pass --rejects PATH to see them.';
}

/** Refuses a load that would replace a release with nothing, or with what is left after mass rejects. */
export function checkAcceptance(options: AcceptanceOptions, linesRead: number, rowsRead: number, rejects: Rejects): void {
  const accepted = rowsRead - rejects.count;
  const reasons = topReasons(rejects.byReason);
  if (accepted === 0) {
    const [what, see] =
      rowsRead === 0
        ? [`the files hold no rows (${linesRead} lines read, headers included)`, '']
        : [
            `${rowsRead === 1 ? 'its only row was' : `all ${rowsRead} rows were`} rejected (${reasons})`,
            example(rejects) + seeRejects(options),
          ];
    throw new ImportError(`No row was accepted: ${what}. A release is never replaced by an empty one.${see}`);
  }
  const maxShare = options.maxRejectShare ?? DEFAULT_MAX_REJECT_SHARE;
  if (!options.allowRejects && rejects.count > maxShare * rowsRead) {
    const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
    throw new ImportError(
      `${rejects.count} of ${rowsRead} rows were rejected (${pct(rejects.count / rowsRead)}, more than ${pct(maxShare)}): ${reasons}.${example(rejects)}${seeRejects(options)} ` +
        'Fix the file, or pass --allow-rejects to import the accepted rows anyway.',
    );
  }
}

/** What one coverage list of a join brought. */
export interface ListCounts {
  file: string;
  read: number;
  rejected: number;
  matched: number;
  unmatched: number;
  ambiguous: number;
}

/**
 * Refuses a join in which a coverage list with rows brings nothing: each list is an operator's, and
 * importing without it would show every address it serves as uncovered. Such a list has all its rows
 * rejected (often another technology vocabulary or column layout), or none of them names an address of
 * the register (often another country's or another year's register). A list whose rows fit several
 * addresses each (ambiguous: no letter or suffix columns) is the right register's, and is imported.
 */
export function checkEachList(
  options: AcceptanceOptions & { matchReportPath?: string | null },
  register: string,
  lists: readonly ListCounts[],
): void {
  for (const l of lists) {
    if (l.read === 0 || l.matched > 0 || l.ambiguous > 0) continue;
    if (l.rejected === l.read) {
      throw new ImportError(
        `${l.file}: ${l.read === 1 ? 'its only row was' : `all ${l.read} rows were`} rejected.${seeRejects(options)} Without this list every address it serves would show as uncovered; ` +
          'fix it (or map its columns with --columns), or leave the file out.',
      );
    }
    const report = options.matchReportPath ? ` They are listed in ${options.matchReportPath}.` : ' Pass --match-report PATH to see them.';
    throw new ImportError(
      `${l.file}: ${l.unmatched === 1 ? 'its only accepted row is not' : `none of its ${l.unmatched} accepted rows is`} an address of register ${register}.${report} Is ${register} the register this list was made against? ` +
        'See atlas registers; or leave the file out.',
    );
  }
}
