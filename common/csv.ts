// The one CSV writer (RFC 4180): quoting, the spreadsheet options (BOM, `;` with decimal commas),
// numbers without float noise, and OWASP's neutralisation of formula cells. Used by every export
// of the server and by the pipeline's own CSV files (rejects, demo input).

export type CsvDelimiter = 'comma' | 'semicolon';

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark (spreadsheets then read accents right). */
  bom?: boolean;
  /**
   * Dutch (and most continental) Excel splits on `;` because `,` is its decimal separator: with
   * `semicolon`, numbers are written with a decimal comma too.
   */
  delimiter?: CsvDelimiter;
  /**
   * Prefix text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
   * or CR) with a single quote (OWASP "CSV injection"). On for files meant for people; off for files
   * meant to be read back (an import input must keep its values).
   */
  neutraliseFormulas?: boolean;
}

/** A cell: text, a number (never neutralised: -5 stays a number), a boolean, or empty. */
export type CsvValue = string | number | boolean | null | undefined;

/** Record separator of RFC 4180. */
export const CSV_EOL = '\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A number as its shortest text, without float noise (6.314966000000001 -> 6.314966). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  const text = String(Number(value.toPrecision(15)));
  // Never exponent notation in a spreadsheet cell.
  return /e/i.test(text) ? value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Writes cells and rows under one set of options. */
export function csvFormat(options: CsvOptions = {}) {
  const sep = options.delimiter === 'semicolon' ? ';' : ',';
  const special = new RegExp(`["\\r\\n${sep}]`);
  const neutralise = options.neutraliseFormulas ?? false;

  const quote = (text: string): string => (special.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

  function cell(value: CsvValue): string {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') {
      const text = formatNumber(value);
      return sep === ';' ? text.replace('.', ',') : text;
    }
    if (typeof value === 'boolean') return String(value);
    return quote(neutralise && FORMULA_START.test(value) ? `'${value}` : value);
  }

  return {
    separator: sep,
    cell,
    /** One record, ended by CRLF. */
    row(values: readonly CsvValue[]): string {
      return values.map(cell).join(sep) + CSV_EOL;
    },
    /** The header record, after the byte order mark when asked for. */
    header(names: readonly string[]): string {
      return (options.bom ? '\uFEFF' : '') + names.map(quote).join(sep) + CSV_EOL;
    },
  };
}
export type CsvFormat = ReturnType<typeof csvFormat>;

/** Plain RFC 4180 quoting of one field (comma separated, no neutralisation). */
export const csvField = csvFormat().cell;
