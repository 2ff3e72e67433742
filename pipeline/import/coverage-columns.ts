// Maps a coverage list's header (an operator's list of the addresses it serves, no coordinates) to
// the columns the join knows: an address_id of the register, or the address key postcode +
// house_number [+ house_letter + house_number_suffix] (Dutch names accepted), and the offer columns.
import { FileError } from './columns.ts';

export const COVERAGE_COLUMNS = [
  'address_id',
  'postcode',
  'house_number',
  'house_letter',
  'house_number_suffix',
  'provider',
  'technology',
  'max_down_mbps',
  'max_up_mbps',
] as const;
export type CoverageColumn = (typeof COVERAGE_COLUMNS)[number];

const ALIASES: Record<string, CoverageColumn> = {
  huisnummer: 'house_number',
  huisletter: 'house_letter',
  huisnummertoevoeging: 'house_number_suffix',
  toevoeging: 'house_number_suffix',
};

export interface CoverageColumns {
  index: Record<CoverageColumn, number>;
  width: number;
  /** How rows find their register address. */
  key: 'address_id' | 'address';
  unknown: string[];
}

/** `names`: the header lower-cased with --columns renames applied (header.ts renamedHeader). */
export function coverageColumns(file: string, header: readonly string[], names: readonly string[]): CoverageColumns {
  const index = Object.fromEntries(COVERAGE_COLUMNS.map((c) => [c, -1])) as Record<CoverageColumn, number>;
  const unknown: string[] = [];
  names.forEach((raw, i) => {
    const name = (ALIASES[raw] ?? raw) as CoverageColumn;
    if (!(name in index)) unknown.push(header[i].trim());
    else if (index[name] >= 0)
      throw new FileError(`${file}:1: column '${name}' appears twice in the header (or under its Dutch name); keep one.`);
    else index[name] = i;
  });
  const byAddress = index.postcode >= 0 && index.house_number >= 0;
  if (index.address_id < 0 && !byAddress) {
    throw new FileError(
      `${file}:1: a coverage list needs an 'address_id' column (a register id) or the address key 'postcode' + ` +
        `'house_number' (or 'huisnummer'), with 'house_letter'/'huisletter' and 'house_number_suffix'/'huisnummertoevoeging' when it has them ` +
        `(found: ${header.join(', ')}). Rename columns with --columns NAME=HEADER.`,
    );
  }
  if (index.technology >= 0 && index.max_down_mbps < 0) {
    throw new FileError(`${file}:1: the header has 'technology' but no 'max_down_mbps'; every offer needs its download speed.`);
  }
  return { index, width: header.length, key: index.address_id >= 0 ? 'address_id' : 'address', unknown };
}
