// A plain-text table for the terminal: columns padded to their widest cell, numbers right-aligned.

/** `header` and `rows` as aligned lines; the columns in `right` (indexes) are right-aligned. */
export function textTable(header: string[], rows: string[][], right: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
