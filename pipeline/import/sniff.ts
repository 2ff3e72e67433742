// Recognises files that are not UTF-8 CSV text by their first bytes (magic numbers, UTF-16, binary
// data, CR-only line ends), so that the import can say what the file is instead of reading
// binary noise as a header. One small module on purpose: readers of compressed inputs can ask
// `detectFormat` which container a file is before they open it.
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes looked at: enough for the header line and a few rows. */
const SAMPLE_BYTES = 4096;

export type FileFormat =
  | 'text'
  | 'gzip'
  | 'zip'
  | 'zstd'
  | 'bzip2'
  | 'xz'
  | 'utf16le'
  | 'utf16be'
  | 'utf32'
  | 'ole2'
  | 'pdf'
  | 'sqlite'
  | 'binary';

const MAGIC: [FileFormat, number[]][] = [
  ['gzip', [0x1f, 0x8b]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['zip', [0x50, 0x4b, 0x05, 0x06]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['utf32', [0xff, 0xfe, 0x00, 0x00]],
  ['utf32', [0x00, 0x00, 0xfe, 0xff]],
  ['utf16le', [0xff, 0xfe]],
  ['utf16be', [0xfe, 0xff]],
  ['ole2', [0xd0, 0xcf, 0x11, 0xe0]],
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['sqlite', [...Buffer.from('SQLite format 3\0', 'latin1')]],
];

const ADVICE: Record<Exclude<FileFormat, 'text'>, string> = {
  gzip: 'a gzip-compressed file; decompress it first (gunzip)',
  zip: 'a zip archive (or an .xlsx workbook); extract the CSV file, or export the sheet as CSV (UTF-8)',
  zstd: 'a zstd-compressed file; decompress it first (zstd -d)',
  bzip2: 'a bzip2-compressed file; decompress it first (bunzip2)',
  xz: 'an xz-compressed file; decompress it first (unxz)',
  utf16le: 'UTF-16 (little-endian) text; save it as UTF-8 (in Excel: "CSV UTF-8")',
  utf16be: 'UTF-16 (big-endian) text; save it as UTF-8',
  utf32: 'UTF-32 text; save it as UTF-8',
  ole2: 'an old Excel (.xls) or other OLE2 document; export the sheet as CSV (UTF-8)',
  pdf: 'a PDF document, not a CSV file',
  sqlite: 'an SQLite database, not a CSV file',
  binary: 'binary data (NUL and control bytes), not CSV text',
};

/** What a file of a format other than text is, and what to do about it. */
export function describeFormat(format: Exclude<FileFormat, 'text'>): string {
  return `this is ${ADVICE[format]}`;
}

/** What the first bytes of a file say it is. */
export function detectFormat(bytes: Uint8Array): FileFormat {
  for (const [format, magic] of MAGIC) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return format;
  }
  let nulEven = 0;
  let nulOdd = 0;
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0) {
      if (i % 2 === 0) nulEven++;
      else nulOdd++;
    } else if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) controls++;
  }
  const pairs = bytes.length / 2;
  // ASCII text in UTF-16 without a byte order mark: every other byte is NUL.
  if (pairs >= 4 && nulOdd > 0.4 * pairs && nulEven < 0.05 * pairs) return 'utf16le';
  if (pairs >= 4 && nulEven > 0.4 * pairs && nulOdd < 0.05 * pairs) return 'utf16be';
  const nul = nulEven + nulOdd;
  // A stray NUL byte in a row is that row's problem (see suspect-text.ts); many make a binary file.
  if ((nul >= 4 && nul > bytes.length / 100) || controls > bytes.length / 10) return 'binary';
  return 'text';
}

/** True when the sample's first line break is a lone CR (classic Mac line ends). */
export function crOnlyLineEnds(bytes: Uint8Array): boolean {
  const cr = bytes.indexOf(13);
  const lf = bytes.indexOf(10);
  if (cr < 0 || (lf >= 0 && lf < cr)) return false;
  return cr + 1 < bytes.length && bytes[cr + 1] !== 10;
}

function sample(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const n = readSync(fd, buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Why the file at `path` cannot be read as UTF-8 CSV text, or null when it looks like it can.
 * `readable`: containers the caller reads itself (e.g. gzip), which pass.
 */
export function sniffProblem(path: string, readable: readonly FileFormat[] = []): string | null {
  const bytes = sample(path);
  const format = detectFormat(bytes);
  if (readable.includes(format)) return null;
  if (format !== 'text') return `${describeFormat(format)}.`;
  if (crOnlyLineEnds(bytes)) {
    return (
      'its lines end in a lone CR (classic Mac line ends), so it reads as one long line; ' +
      'convert them to LF or CRLF (e.g. `tr "\\r" "\\n"`).'
    );
  }
  return null;
}
