// Reads a PDF the way a person's reader would: poppler's pdftotext and pdfinfo on a temp file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PdfText {
  /** Text of every page, in reading order. */
  pages: string[];
  /** All pages joined, with whitespace runs collapsed to one space. */
  flat: string;
}

export function readPdf(pdf: Buffer): PdfText {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').slice(0, -1);
    return { pages, flat: text.replace(/\s+/g, ' ') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
