// The A4 page frame every report section draws in: document set-up, section titles, page breaks
// and the footer (attribution, synthetic mark, page numbers) written once all pages exist.
import PDFDocument from 'pdfkit';
import type { Formatter } from './i18n.ts';
import type { ReportData } from './model.ts';
import { toWinAnsi } from './winansi.ts';

export type Doc = PDFKit.PDFDocument;

export const MARGIN = 48;
const FOOTER_HEIGHT = 26;
export const COLORS = {
  text: '#1b1f24',
  muted: '#5b6470',
  rule: '#c9d0d8',
  band: '#eef1f4',
  accent: '#1f5f99',
  uncovered: '#c8102e',
  cluster: '#e08a00',
  clusterText: '#8a4b00',
  warning: '#b00020',
} as const;

/**
 * Longest unbroken run of characters drawn, and longest text. pdfkit's line breaking costs the
 * square of the longest word it must split (an 80 KB street name took 80 s), so a longer word is
 * cut with an ellipsis; the CSV export keeps the full text.
 */
export const MAX_WORD = 60;
const MAX_TEXT = 20_000;
const LONG_WORD = new RegExp(`[^\\s]{${MAX_WORD + 1},}`, 'g');

/** Text as drawn: words over MAX_WORD and texts over MAX_TEXT characters cut with an ellipsis. */
export function clipText(text: string): string {
  const capped = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  return capped.replace(LONG_WORD, (word) => `${word.slice(0, MAX_WORD)}…`);
}

export function createDocument(data: ReportData, f: Formatter): Doc {
  return new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_HEIGHT },
    bufferPages: true,
    info: {
      Title: toWinAnsi(clipText(`${f.t.kicker}: ${data.area.name} (${data.area.code}), ${data.release.label}`)),
      Author: 'Gigabit Atlas',
      Subject: toWinAnsi(clipText(data.attribution.join('; '))),
      CreationDate: data.generatedAt,
    },
  });
}

/** Width between the side margins. */
export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Lowest y a section may draw at before the footer. */
export function bottomOf(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` points still fit below the cursor. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottomOf(doc)) doc.addPage();
}

/** Writes text at the cursor (or at x, y) in the given font; text is clipped (clipText) and made WinAnsi-safe. */
export function write(
  doc: Doc,
  text: string,
  style: { size: number; bold?: boolean; color?: string },
  at?: { x: number; y: number },
  options: PDFKit.Mixins.TextOptions = {},
): void {
  doc
    .font(style.bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(style.size)
    .fillColor(style.color ?? COLORS.text);
  const drawn = toWinAnsi(clipText(text));
  if (at) doc.text(drawn, at.x, at.y, options);
  else doc.text(drawn, options);
}

export function sectionTitle(doc: Doc, title: string, note?: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.6);
  write(doc, title, { size: 13, bold: true }, { x: MARGIN, y: doc.y });
  if (note) write(doc, note, { size: 8.5, color: COLORS.muted }, undefined, { width: contentWidth(doc) });
  doc.moveDown(0.4);
}

/** Footer on every buffered page: attribution left, synthetic mark centred, page number right. */
export function writeFooters(doc: Doc, data: ReportData, f: Formatter): void {
  const { start, count } = doc.bufferedPageRange();
  const generated = `${f.t.generated} ${data.generatedAt.toISOString().slice(0, 10)}`;
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would make pdfkit open a new page: lift the margin meanwhile.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN - 8;
    const width = contentWidth(doc);
    doc
      .moveTo(MARGIN, y - 6)
      .lineTo(MARGIN + width, y - 6)
      .lineWidth(0.5)
      .strokeColor(COLORS.rule)
      .stroke();
    const small = { size: 7.5, color: COLORS.muted };
    write(doc, `${data.attribution.join(' · ')} · ${generated}`, small, { x: MARGIN, y }, { width, lineBreak: false });
    if (data.release.synthetic) {
      write(
        doc,
        f.t.syntheticFooter.toUpperCase(),
        { size: 7.5, bold: true, color: COLORS.warning },
        { x: MARGIN, y: y + 10 },
        { width, lineBreak: false },
      );
    }
    write(doc, f.t.page(i - start + 1, count), small, { x: MARGIN, y: y + 10 }, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
