// The records at given lines of a file, as they stood in it: for rows rejected after their text
// was let go (staged FCC BDC rows, location-stage.ts), read again in one pass over the file.
import { openCsv } from './batch-reader.ts';
import type { Encoding } from './csv.ts';

/** Line (where a record starts) -> the record's raw text, for each of `lines` the file has. */
export function rawLines(path: string, encoding: Encoding, lines: ReadonlySet<number>): Map<number, string> {
  const found = new Map<number, string>();
  if (lines.size === 0) return found;
  const last = Math.max(...lines);
  const reader = openCsv(path, encoding);
  try {
    while (reader.line < last && reader.next() !== null) if (lines.has(reader.line)) found.set(reader.line, reader.raw());
  } finally {
    reader.close();
  }
  return found;
}
