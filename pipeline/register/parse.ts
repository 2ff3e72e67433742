// One register record -> a checked address (or the field that is wrong and why), and the
// normalised address key that duplicates and coverage lists are matched on.
import type { AddressFields } from '../import/address.ts';
import { normalisePostcode, parseHouseNumber, parseLocation, text, type RowProblem } from '../import/parse-row.ts';
import type { RegisterColumns } from './header.ts';

export interface RegisterRow extends AddressFields {
  /** The municipality the register names: a name (LJPc, NLExtract) or a code (canonical). */
  municipality: string | null;
  /** 1 for a side address (nevenadres), 0 for a main one, null when the register does not say. */
  side: number | null;
}

/**
 * The address key as an id, e.g. 1234AB-1, 1234AB-1A, 1234AB-1-2, 1234AB-1A-bis: the postcode
 * normalised, letter and suffix as the register writes them. The BAG holds a few numbers with both
 * letter 'a' and 'A' (4561AS 32a and 32A in Zeeland): two addresses, so case is kept here; a
 * coverage list's letter, compared case-insensitively, fits both and is ambiguous.
 */
export function addressKey(postcode: string, houseNumber: number, letter: string | null, suffix: string | null): string {
  return `${normalisePostcode(postcode)}-${houseNumber}${letter ?? ''}${suffix === null ? '' : `-${suffix}`}`;
}

const SIDE: Record<string, number> = { t: 1, true: 1, '1': 1, j: 1, f: 0, false: 0, '0': 0, n: 0 };

export function parseRegisterRow(fields: string[], columns: RegisterColumns): RegisterRow | RowProblem {
  const c = columns.index;
  if (fields.length !== columns.width) {
    return { field: '', reason: `wrong column count: ${fields.length} instead of ${columns.width}` };
  }
  const rd = columns.coordinates === 'rd';
  const location = parseLocation(fields, rd ? c.x : c.lon, rd ? c.y : c.lat, rd);
  if ('reason' in location) return location;
  const postcodeText = text(fields, c.postcode);
  const houseText = text(fields, c.house_number);
  let houseNumber: number | null = null;
  if (houseText !== null) {
    const parsed = parseHouseNumber(houseText);
    if (typeof parsed !== 'number') return parsed;
    houseNumber = parsed;
  }
  const postcode = postcodeText === null ? null : normalisePostcode(postcodeText);
  const houseLetter = text(fields, c.house_letter);
  const suffix = text(fields, c.house_number_suffix);
  let addressId = text(fields, c.address_id);
  if (addressId === null) {
    if (postcode === null) return { field: 'postcode', reason: 'missing postcode' };
    if (houseNumber === null) return { field: 'house_number', reason: 'missing house_number' };
    addressId = addressKey(postcode, houseNumber, houseLetter, suffix);
  }
  const sideText = text(fields, c.side_address);
  const side = sideText === null ? null : SIDE[sideText.toLowerCase()];
  if (side === undefined) return { field: 'side_address', reason: `not t/f: '${sideText}'` };
  return {
    addressId,
    postcode,
    houseNumber,
    houseLetter,
    suffix,
    street: text(fields, c.street),
    city: text(fields, c.city),
    municipality: text(fields, c.municipality) ?? text(fields, c.municipality_code),
    lon: location.lon,
    lat: location.lat,
    side,
  };
}
