// Page 2's progress section of an area report: the change since the previous release (the trend's
// figures and the addresses newly covered, lost, added and removed), the rank,
// the covered % beside the parent's and the nation's, the projection towards the goal with its
// method in one sentence; and a province's table of its municipalities, worst status first.
import { compareProgress } from '../../common/progress-order.ts';
import { PACE_RELEASES } from '../progress.ts';
import type { Formatter } from './i18n.ts';
import type { ReportData } from './model.ts';
import { COLORS, MARGIN, contentWidth, sectionTitle, write, type Doc } from './page.ts';
import { drawTable } from './table.ts';

function paragraph(doc: Doc, text: string, bold = false): void {
  write(doc, text, { size: 9.5, bold }, { x: MARGIN, y: doc.y }, { width: contentWidth(doc) });
  doc.moveDown(0.25);
}

/** A covered % as the API gives it (two decimals): the three compared figures are rounded once. */
function pct2(f: Formatter, pct: number | null): string {
  return pct === null ? f.pct(0, 0) : `${f.decimal(pct, 2)}%`;
}

/** The change between the release before the viewed one and the viewed one, from the trend. */
function changeLine(data: ReportData, f: Formatter): string {
  const at = data.trend.findIndex((p) => p.release === data.release.label);
  const before = at > 0 ? data.trend[at - 1] : undefined;
  const now = data.trend[at];
  if (!before || !now) return f.t.noPrevious;
  const delta = now.uncovered - before.uncovered;
  const deltaText = delta === 0 ? f.t.noChange : delta < 0 ? f.t.fewer(f.int(-delta)) : f.t.more(f.int(delta));
  return f.t.change(
    before.release,
    f.pct(before.covered, before.addresses),
    f.pct(now.covered, now.addresses),
    f.int(before.uncovered),
    f.int(now.uncovered),
    deltaText,
  );
}

/** The projection's method in one sentence, naming the releases its pace was measured over. */
function methodLine(data: ReportData, f: Formatter): string {
  const p = data.progress;
  if (p.to_go === 0) return f.t.methodMet;
  if (p.recent_per_year === null) return f.t.methodNone;
  const at = data.trend.findIndex((x) => x.release === data.release.label);
  const window = data.trend
    .slice(0, at + 1)
    .filter((x) => x.as_of !== null)
    .slice(-PACE_RELEASES);
  const first = window[0]?.as_of ?? '';
  const last = window.at(-1)?.as_of ?? '';
  return f.t.method(f.int(p.recent_per_year), f.date(first), f.date(last), window.length);
}

export function progressSection(doc: Doc, data: ReportData, f: Formatter): void {
  const p = data.progress;
  sectionTitle(doc, f.t.progressTitle, f.t.progressNote(p.goal_pct, p.goal_year));
  paragraph(doc, changeLine(data, f));
  const c = data.change;
  if (c)
    paragraph(
      doc,
      f.t.changedAddresses(c.from, data.release.label, f.int(c.newly_covered), f.int(c.lost), f.int(c.added), f.int(c.removed)),
    );
  if (p.rank !== null && p.rank !== undefined)
    paragraph(doc, f.t.rankLine(f.t.ordinal(f.int(p.rank), p.rank), f.int(p.rank_of ?? 0), f.level(data.area.level, 'many')));
  const compared: string[][] = [[`${data.area.name} (${data.area.code})`, pct2(f, data.totals.covered_pct)]];
  if (p.parent_code)
    compared.push([
      `${p.parent_name ?? p.parent_code} (${p.parent_level ? f.levelLabel(p.parent_level, 'one') : p.parent_code})`,
      pct2(f, p.parent_covered_pct ?? null),
    ]);
  compared.push([f.t.national, pct2(f, p.national_covered_pct)]);
  drawTable(
    doc,
    [
      { header: f.t.comparedArea, width: 0.7 },
      { header: f.t.coveredPct, width: 0.3, align: 'right' },
    ],
    compared,
  );
  doc.moveDown(0.5);
  if (p.to_go === 0) paragraph(doc, f.t.goalMet(p.goal_pct), true);
  else {
    paragraph(doc, f.t.toGo(f.int(p.to_go), p.goal_year), true);
    if (p.needed_per_year !== null && p.recent_per_year !== null)
      paragraph(doc, f.t.pace(f.int(p.needed_per_year), f.int(p.recent_per_year)));
    paragraph(doc, p.projected_year === null ? f.t.projectedNever : f.t.projected(p.projected_year));
  }
  paragraph(doc, `${f.t.status}: ${p.status ? f.t.statuses[p.status] : f.t.noStatus}.`, true);
  write(doc, methodLine(data, f), { size: 8.5, color: COLORS.muted }, { x: MARGIN, y: doc.y }, { width: contentWidth(doc) });
  childrenTable(doc, data, f);
}

/** A province's municipalities with their progress, worst status and latest projected year first. */
function childrenTable(doc: Doc, data: ReportData, f: Formatter): void {
  const children = data.children;
  if (!children || children.length === 0) return;
  const level = children[0].level;
  sectionTitle(doc, f.t.childrenTitle(f.levelLabel(level, 'many'), data.area.name), f.t.childrenNote);
  const rows = [...children]
    .sort((a, b) => compareProgress(a, b))
    .map((a) => {
      const q = a.progress;
      const year = !q ? '' : q.to_go === 0 ? f.t.met : q.projected_year !== null ? String(q.projected_year) : q.status ? f.t.never : '';
      return [
        `${a.name} (${a.code})`,
        f.pct(a.covered, a.addresses),
        f.int(q?.to_go ?? 0),
        q?.status ? f.t.statuses[q.status] : f.t.noStatus,
        year,
      ];
    });
  drawTable(
    doc,
    [
      { header: f.t.name, width: 0.36 },
      { header: f.t.coveredPct, width: 0.14, align: 'right' },
      { header: f.t.toGoColumn, width: 0.14, align: 'right' },
      { header: f.t.status, width: 0.16 },
      { header: f.t.projectedYear, width: 0.2, align: 'right' },
    ],
    rows,
  );
}
