// Rows whose text the decoder already had to guess at: bytes that are not UTF-8 (a Latin-1 or
// Windows-1252 file decodes them as U+FFFD) and NUL bytes. Storing them would silently change
// names, so such rows are rejected with the field and a reason, and counted.
import type { RowProblem } from './parse-row.ts';

const REPLACEMENT = '\uFFFD';
const NUL = '\u0000';

/**
 * Why the record must be rejected for its characters, or null. `raw` is the record as read
 * (checked first, as one fast scan); `header` names the fields.
 */
export function suspectText(raw: string, fields: readonly string[], header: readonly string[]): RowProblem | null {
  const replacement = raw.indexOf(REPLACEMENT) >= 0;
  if (!replacement && raw.indexOf(NUL) < 0) return null;
  const i = fields.findIndex((f) => f.includes(replacement ? REPLACEMENT : NUL));
  const field = i >= 0 ? (header[i]?.trim().toLowerCase() ?? '') : '';
  return replacement
    ? { field, reason: 'not UTF-8: bytes that are not valid UTF-8 (a Latin-1 or Windows-1252 file?); save the file as UTF-8' }
    : { field, reason: 'NUL byte: the field contains a NUL (0x00) character' };
}
