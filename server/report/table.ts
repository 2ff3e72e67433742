// A plain table that wraps cell text, breaks across pages and repeats its header on each page.
import { COLORS, MARGIN, bottomOf, clipText, contentWidth, write, type Doc } from './page.ts';
import { toWinAnsi } from './winansi.ts';

export interface Column {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: 'left' | 'right';
}

export interface TableOptions {
  size?: number;
  /** Asked before each page break; returning false ends the table there. */
  mayAddPage?: () => boolean;
  /** Points kept free above the footer, e.g. for a note after a table that mayAddPage ended. */
  reserve?: number;
}

const PAD = 3;

function rowHeight(doc: Doc, cells: string[], widths: number[], size: number): number {
  doc.font('Helvetica').fontSize(size);
  const oneLine = doc.currentLineHeight(true);
  let h = oneLine;
  cells.forEach((cell, i) => {
    const text = toWinAnsi(clipText(cell));
    const width = widths[i] - 2 * PAD;
    // Measuring a width is much cheaper than wrapping; most cells fit on one line.
    if (doc.widthOfString(text) > width) h = Math.max(h, doc.heightOfString(text, { width }));
  });
  return h + 2 * PAD;
}

function drawRow(doc: Doc, cells: string[], columns: Column[], widths: number[], y: number, size: number, bold: boolean): void {
  let x = MARGIN;
  cells.forEach((cell, i) => {
    write(doc, cell, { size, bold }, { x: x + PAD, y: y + PAD }, { width: widths[i] - 2 * PAD, align: columns[i].align ?? 'left' });
    x += widths[i];
  });
}

function drawHeader(doc: Doc, columns: Column[], widths: number[], size: number): void {
  const y = doc.y;
  const h = rowHeight(
    doc,
    columns.map((c) => c.header),
    widths,
    size,
  );
  drawRow(
    doc,
    columns.map((c) => c.header),
    columns,
    widths,
    y,
    size,
    true,
  );
  doc
    .moveTo(MARGIN, y + h)
    .lineTo(MARGIN + contentWidth(doc), y + h)
    .lineWidth(0.8)
    .strokeColor(COLORS.text)
    .stroke();
  doc.y = y + h;
}

/** Draws rows from the cursor on; returns how many were drawn (fewer when mayAddPage said no). */
export function drawTable(doc: Doc, columns: Column[], rows: string[][], options: TableOptions = {}): number {
  const size = options.size ?? 9;
  const total = contentWidth(doc);
  const widths = columns.map((c) => c.width * total);
  const bottom = () => bottomOf(doc) - (options.reserve ?? 0);
  if (doc.y + 3 * (size + 2 * PAD) > bottom()) doc.addPage();
  drawHeader(doc, columns, widths, size);
  for (let r = 0; r < rows.length; r++) {
    const h = rowHeight(doc, rows[r], widths, size);
    if (doc.y + h > bottom()) {
      if (options.mayAddPage && !options.mayAddPage()) return r;
      doc.addPage();
      drawHeader(doc, columns, widths, size);
    }
    const y = doc.y;
    if (r % 2 === 1) doc.rect(MARGIN, y, total, h).fill(COLORS.band);
    drawRow(doc, rows[r], columns, widths, y, size, false);
    doc.y = y + h;
  }
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + total, doc.y)
    .lineWidth(0.5)
    .strokeColor(COLORS.rule)
    .stroke();
  doc.x = MARGIN;
  return rows.length;
}
