// Draws a ReportData as an A4 PDF: page 1 title, figures and map; then progress towards the goal
// (progress-section.ts), tables and the trend chart;
// then the uncovered addresses by postcode and street, within a page budget.
import type { Counts } from '../../common/types.ts';
import { groupAddresses } from './address-groups.ts';
import { drawTrend } from './chart.ts';
import { formatterFor, type Formatter } from './i18n.ts';
import { LABELLED_CLUSTERS, drawMap } from './map.ts';
import { DEFAULT_MAX_ADDRESS_PAGES, type ReportData, type ReportLang } from './model.ts';
import {
  COLORS,
  MARGIN,
  bottomOf,
  contentWidth,
  createDocument,
  ensureSpace,
  sectionTitle,
  write,
  writeFooters,
  type Doc,
} from './page.ts';
import { progressSection } from './progress-section.ts';
import { drawTable } from './table.ts';

export interface RenderOptions {
  /**
   * Pages the address list may fill. A council report of hundreds of pages helps nobody and the
   * CSV export holds every address, so a longer list stops here with a note pointing to the CSV.
   */
  maxAddressPages?: number;
}

export { DEFAULT_MAX_ADDRESS_PAGES };

function titleBlock(doc: Doc, data: ReportData, f: Formatter): void {
  write(doc, f.t.kicker.toUpperCase(), { size: 8.5, bold: true, color: COLORS.accent }, { x: MARGIN, y: MARGIN });
  write(doc, `${data.area.name} (${data.area.code})`, { size: 22, bold: true });
  const asOf = data.release.as_of ? f.date(data.release.as_of) : null;
  write(doc, `${f.levelLabel(data.area.level, 'one')} ${data.area.code} · ${f.t.releaseLine(data.release.label, asOf)}`, {
    size: 10.5,
    color: COLORS.muted,
  });
  doc.moveDown(0.5);
  if (data.release.synthetic) {
    const y = doc.y;
    doc.rect(MARGIN, y, contentWidth(doc), 22).lineWidth(1.2).stroke(COLORS.warning);
    write(
      doc,
      f.t.syntheticBanner,
      { size: 8.5, bold: true, color: COLORS.warning },
      { x: MARGIN + 8, y: y + 7 },
      { width: contentWidth(doc) - 16, lineBreak: false },
    );
    doc.y = y + 30;
  }
  write(doc, f.t.definition(data.threshold), { size: 9 }, { x: MARGIN, y: doc.y }, { width: contentWidth(doc) });
  doc.moveDown(0.8);
}

function headline(doc: Doc, data: ReportData, f: Formatter): void {
  const figures: [string, string][] = [
    [f.t.addresses, f.int(data.totals.addresses)],
    [f.t.covered, f.int(data.totals.covered)],
    [f.t.coveredPct, f.pct(data.totals.covered, data.totals.addresses)],
    [f.t.uncovered, f.int(data.totals.uncovered)],
  ];
  const gap = 8;
  const width = (contentWidth(doc) - gap * (figures.length - 1)) / figures.length;
  const y = doc.y;
  figures.forEach(([label, value], i) => {
    const x = MARGIN + i * (width + gap);
    doc.rect(x, y, width, 48).fill(i === figures.length - 1 ? '#fbe9eb' : COLORS.band);
    write(doc, label, { size: 8.5, color: COLORS.muted }, { x: x + 8, y: y + 7 }, { width: width - 16, lineBreak: false });
    write(doc, value, { size: 17, bold: true }, { x: x + 8, y: y + 22 }, { width: width - 16, lineBreak: false });
  });
  doc.x = MARGIN;
  doc.y = y + 60;
}

function mapSection(doc: Doc, data: ReportData, f: Formatter): void {
  write(doc, f.t.mapTitle, { size: 13, bold: true }, { x: MARGIN, y: doc.y });
  doc.moveDown(0.3);
  // Points that are H3 cell centres (FCC BDC) say so under the legend, which takes a line more.
  const note = data.release.location_precision === 'h3r8' && data.uncoveredPositions.length > 0 ? f.t.mapCellCentres : null;
  const box = { x: MARGIN, y: doc.y, width: contentWidth(doc), height: bottomOf(doc) - doc.y - (note ? 34 : 20) };
  drawMap(doc, box, data, f, note);
}

function countRow(f: Formatter, name: string, c: Counts): string[] {
  return [name, f.int(c.addresses), f.int(c.covered), f.int(c.uncovered), f.pct(c.covered, c.addresses)];
}

function countColumns(f: Formatter, first: string) {
  return [
    { header: first, width: 0.36 },
    { header: f.t.addresses, width: 0.16, align: 'right' as const },
    { header: f.t.covered, width: 0.16, align: 'right' as const },
    { header: f.t.uncovered, width: 0.16, align: 'right' as const },
    { header: f.t.coveredPct, width: 0.16, align: 'right' as const },
  ];
}

function clusterTable(doc: Doc, data: ReportData, f: Formatter): void {
  const clusters = data.clusters;
  if (!clusters || clusters.items.length === 0) return;
  const shown = clusters.items.slice(0, LABELLED_CLUSTERS);
  sectionTitle(doc, f.t.clustersTitle, f.t.clustersNote(f.int(clusters.distanceM), shown.length, f.int(clusters.items.length)));
  const columns = [
    { header: f.t.rank, width: 0.08 },
    { header: f.t.addresses, width: 0.14, align: 'right' as const },
    { header: f.t.technologies, width: 0.3 },
    { header: f.t.nearestCovered, width: 0.22, align: 'right' as const },
    { header: f.t.location, width: 0.26, align: 'right' as const },
  ];
  const rows = shown.map((c, i) => [
    `#${i + 1}`,
    c.addressesInArea === c.addresses ? f.int(c.addresses) : `${f.int(c.addressesInArea)} / ${f.int(c.addresses)}`,
    c.technologies.map((t) => (t === 'NONE' ? f.t.noTechnology : t)).join(', '),
    c.nearestCoveredM === null ? f.t.noCovered : `${f.int(c.nearestCoveredM)} m`,
    `${c.centroid[1].toFixed(5)}, ${c.centroid[0].toFixed(5)}`,
  ]);
  drawTable(doc, columns, rows);
}

function breakdowns(doc: Doc, data: ReportData, f: Formatter): void {
  doc.addPage();
  progressSection(doc, data, f);
  sectionTitle(doc, f.t.byTechnology, f.t.byTechnologyNote);
  drawTable(
    doc,
    countColumns(f, f.t.technology),
    data.byTechnology.map((r) => countRow(f, r.technology === 'NONE' ? f.t.noTechnology : r.technology, r)),
  );
  sectionTitle(doc, f.t.byProvider, f.t.byProviderNote);
  drawTable(
    doc,
    countColumns(f, f.t.provider),
    data.byProvider.map((r) => countRow(f, r.provider || f.t.unknownProvider, r)),
  );
  clusterTable(doc, data, f);
  ensureSpace(doc, 220);
  sectionTitle(doc, f.t.trendTitle, f.t.trendNote);
  drawTrend(doc, { x: MARGIN, y: doc.y, width: contentWidth(doc), height: 170 }, data.trend, data.release.label, f);
}

/** Starts below the trend when there is room; the page budget counts from the page it starts on. */
function addressList(doc: Doc, data: ReportData, f: Formatter, maxPages: number): void {
  ensureSpace(doc, 160);
  const total = data.totals.uncovered;
  sectionTitle(doc, f.t.listTitle, data.uncovered.length > 0 ? f.t.listNote(f.int(total), data.csvPath) : undefined);
  if (data.uncovered.length === 0) {
    write(doc, f.t.listNone, { size: 10 }, { x: MARGIN, y: doc.y });
    return;
  }
  const groups = groupAddresses(data.uncovered);
  let pages = 1;
  const columns = [
    { header: f.t.postcode, width: 0.11 },
    { header: f.t.street, width: 0.25 },
    { header: f.t.city, width: 0.18 },
    { header: f.t.numbers, width: 0.46 },
  ];
  const rows = groups.map((g) => [g.postcode, g.street, g.city, g.numbers.join(', ')]);
  const drawn = drawTable(doc, columns, rows, { size: 8, reserve: 36, mayAddPage: () => ++pages <= maxPages });
  // Fewer drawn than collected (the page budget), or fewer collected than there are (the cap).
  if (drawn < rows.length || data.uncovered.length < total) {
    const shown = groups.slice(0, drawn).reduce((n, g) => n + g.numbers.length, 0);
    doc.moveDown(0.5);
    write(
      doc,
      f.t.listTruncated(f.int(shown), f.int(total), data.csvPath),
      { size: 9.5, bold: true, color: COLORS.warning },
      { x: MARGIN, y: doc.y },
      { width: contentWidth(doc) },
    );
  }
}

/** Renders the report into a PDF held in memory (so an error can still become a JSON response). */
export function renderReport(data: ReportData, lang: ReportLang, options: RenderOptions = {}): Promise<Buffer> {
  const f = formatterFor(lang);
  const doc = createDocument(data, f);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  titleBlock(doc, data, f);
  headline(doc, data, f);
  mapSection(doc, data, f);
  breakdowns(doc, data, f);
  addressList(doc, data, f, options.maxAddressPages ?? DEFAULT_MAX_ADDRESS_PAGES);
  writeFooters(doc, data, f);
  doc.end();
  return done;
}
