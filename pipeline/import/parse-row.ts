// Turns one CSV record into a checked connection row, or says which field is wrong and why.
import { TECHNOLOGIES } from '../../common/constants.ts';
import type { Offer } from '../../common/types.ts';
import type { BBox } from '../boundaries/geometry.ts';
import type { AddressFields } from './address.ts';
import { type Column, type ColumnMap, KNOWN_COLUMNS } from './columns.ts';
import { rdToWgs84 } from './rd-new.ts';

export interface ConnectionRow extends AddressFields {
  municipalityCode: string | null;
  offer: Offer | null;
  /** The finest H3 cell key (common/hex-key.ts) when the parser already knows it (an FCC BDC cell centre). */
  cell?: number;
}

export interface RowProblem {
  field: string;
  reason: string;
}

/** Highest speed accepted, in Mbit/s (100 Gbit/s): anything above is a data error. */
export const MAX_MBPS = 100_000;
const MAX_HOUSE_NUMBER = 999_999;
const TECHNOLOGY_BY_NAME = new Map(TECHNOLOGIES.map((t) => [t.toLowerCase(), t]));

/**
 * Longest value (characters, spaces around it not counted) each column accepts. Names get 200,
 * ids, codes and numbers 64: a longer value is a data error, and every list, tile and report that
 * shows it would pay for it (an 80 KB street name once took a report 80 s).
 */
export const MAX_FIELD_LENGTH: Record<Column, number> = {
  address_id: 64,
  postcode: 64,
  house_number: 64,
  municipality_code: 64,
  lon: 64,
  lat: 64,
  x: 64,
  y: 64,
  technology: 64,
  max_down_mbps: 64,
  max_up_mbps: 64,
  house_letter: 200,
  house_number_suffix: 200,
  street: 200,
  city: 200,
  provider: 200,
};
const CAPPED = Object.entries(MAX_FIELD_LENGTH) as [Column, number][];

/** Field i of a record, trimmed; null when absent (i < 0) or empty. */
export function text(fields: string[], i: number): string | null {
  if (i < 0) return null;
  const value = fields[i].trim();
  return value === '' ? null : value;
}

/** True when every character may appear in a plain decimal number (no hex, no 'Infinity'). */
function decimalChars(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // 0-9 . + - e E
    if (!((c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69)) return false;
  }
  return value.length > 0;
}

/** Parses a decimal number; a lone comma is a decimal separator (common in semicolon files). */
export function decimal(value: string): number {
  // Most values are whole (speeds): up to 15 digits add up exactly, as Number() would read them.
  const n = value.length;
  if (n > 0 && n <= 15) {
    let whole = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = value.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      whole = whole * 10 + c;
    }
    if (i === n) return whole;
  }
  const normal = value.includes(',') && !value.includes('.') ? value.replace(',', '.') : value;
  return decimalChars(normal) ? Number(normal) : NaN;
}

/**
 * A comma followed by exactly three digits ('1,000', '155,000') reads as a thousands separator in
 * English and as a decimal comma in Dutch: such values are rejected rather than guessed.
 */
function ambiguousComma(field: string, value: string): RowProblem | null {
  return /^[+-]?\d{1,3},\d{3}$/.test(value)
    ? {
        field,
        reason: `ambiguous number: '${value}' (a thousands separator or a decimal comma?); write it without the comma, or with a point as decimal separator`,
      }
    : null;
}

/** Dutch postcodes become '1234AB'; any other value is kept, upper-cased and without spaces. */
export function normalisePostcode(value: string): string {
  return isNormalPostcode(value) ? value : value.replace(/\s+/g, '').toUpperCase();
}

/** True for a postcode normalisePostcode leaves as it is (the usual 1234AB), checked without a regular expression. */
function isNormalPostcode(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // Not a space of any kind (\s), not a lower-case letter; anything else stays as it is.
    if (c <= 32 || (c >= 97 && c <= 122) || c >= 127) return false;
  }
  return true;
}

/** The columns of an offer; every other known column says which address a record is and where. */
const OFFER_COLUMNS: readonly Column[] = ['provider', 'technology', 'max_down_mbps', 'max_up_mbps'];
const ADDRESS_COLUMNS = KNOWN_COLUMNS.filter((column) => !OFFER_COLUMNS.includes(column));
const OFFER_CAPS = CAPPED.filter(([column]) => OFFER_COLUMNS.includes(column));

export class RowParser {
  /** Indexes of the address columns the file has. */
  private readonly addressFields: number[];
  /**
   * The last row parsed without a problem, and its fields. Files list an address once per offer, one row after
   * the other: a row whose address fields are the same text is the same address, and only its offer is parsed.
   */
  private last: { fields: string[]; row: ConnectionRow } | null = null;

  constructor(
    private readonly columns: ColumnMap,
    private readonly bbox: BBox,
  ) {
    this.addressFields = ADDRESS_COLUMNS.map((column) => columns.index[column]).filter((i) => i >= 0);
  }

  parse(fields: string[]): ConnectionRow | RowProblem {
    const c = this.columns.index;
    if (fields.length !== this.columns.width) {
      return { field: '', reason: `wrong column count: ${fields.length} instead of ${this.columns.width}` };
    }
    const last = this.last;
    if (last !== null && this.sameAddress(fields, last.fields)) return this.nextOffer(fields, last.row);
    for (const [column, max] of CAPPED) {
      const i = c[column];
      // The reason leaves out the length, so the summary counts these rejects under one reason.
      if (i >= 0 && fields[i].length > max && fields[i].trim().length > max)
        return { field: column, reason: `longer than ${max} characters` };
    }
    const addressId = text(fields, c.address_id);
    if (!addressId) return { field: 'address_id', reason: 'missing address_id' };

    const location = this.location(fields);
    if ('reason' in location) return location;

    const houseText = text(fields, c.house_number);
    const houseNumber = houseText === null ? null : parseHouseNumber(houseText);
    if (houseNumber !== null && typeof houseNumber !== 'number') return houseNumber;
    const offer = parseOffer(fields, c);
    if (offer && 'reason' in offer) return offer;
    const postcode = text(fields, c.postcode);
    const row: ConnectionRow = {
      addressId,
      postcode: postcode === null ? null : normalisePostcode(postcode),
      houseNumber,
      houseLetter: text(fields, c.house_letter),
      suffix: text(fields, c.house_number_suffix),
      street: text(fields, c.street),
      city: text(fields, c.city),
      municipalityCode: text(fields, c.municipality_code),
      lon: location.lon,
      lat: location.lat,
      offer,
    };
    this.last = { fields, row };
    return row;
  }

  private sameAddress(fields: string[], previous: string[]): boolean {
    for (const i of this.addressFields) if (fields[i] !== previous[i]) return false;
    return true;
  }

  /**
   * A row repeating the address fields of `previous`: those passed every check there, so only the offer's
   * are made, in the order parse makes them (the length caps first).
   */
  private nextOffer(fields: string[], previous: ConnectionRow): ConnectionRow | RowProblem {
    const c = this.columns.index;
    for (const [column, max] of OFFER_CAPS) {
      const i = c[column];
      if (i >= 0 && fields[i].length > max && fields[i].trim().length > max)
        return { field: column, reason: `longer than ${max} characters` };
    }
    const offer = parseOffer(fields, c);
    if (offer && 'reason' in offer) return offer;
    return {
      addressId: previous.addressId,
      postcode: previous.postcode,
      houseNumber: previous.houseNumber,
      houseLetter: previous.houseLetter,
      suffix: previous.suffix,
      street: previous.street,
      city: previous.city,
      municipalityCode: previous.municipalityCode,
      lon: previous.lon,
      lat: previous.lat,
      offer,
    };
  }

  private location(fields: string[]): { lon: number; lat: number } | RowProblem {
    const c = this.columns.index;
    const rd = this.columns.coordinates === 'rd';
    const location = parseLocation(fields, rd ? c.x : c.lon, rd ? c.y : c.lat, rd);
    if ('reason' in location) return location;
    const { lon, lat } = location;
    const xField = rd ? 'x' : 'lon';
    const [minLon, minLat, maxLon, maxLat] = this.bbox;
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) {
      return {
        field: xField,
        reason: `coordinates outside the bbox of the boundaries: lon ${lon.toFixed(5)}, lat ${lat.toFixed(5)} (bbox ${this.bbox.join(',')})`,
      };
    }
    return { lon, lat };
  }
}

/** A point from fields x and y: WGS84 lon/lat, or RD New x/y (converted to WGS84), range-checked. */
export function parseLocation(fields: string[], xColumn: number, yColumn: number, rd: boolean): { lon: number; lat: number } | RowProblem {
  const [xField, yField] = rd ? ['x', 'y'] : ['lon', 'lat'];
  const xText = text(fields, xColumn);
  const yText = text(fields, yColumn);
  if (xText === null) return { field: xField, reason: `missing ${xField}` };
  if (yText === null) return { field: yField, reason: `missing ${yField}` };
  if (rd) {
    const ambiguous = ambiguousComma(xField, xText) ?? ambiguousComma(yField, yText);
    if (ambiguous) return ambiguous;
  }
  const x = decimal(xText);
  const y = decimal(yText);
  if (Number.isNaN(x)) return { field: xField, reason: `not a number: '${xText}'` };
  if (Number.isNaN(y)) return { field: yField, reason: `not a number: '${yText}'` };
  if (rd) {
    const [lon, lat] = rdToWgs84(x, y);
    return { lon, lat };
  }
  if (x < -180 || x > 180) return { field: 'lon', reason: `out of range -180..180: ${x}` };
  if (y < -90 || y > 90) return { field: 'lat', reason: `out of range -90..90: ${y}` };
  return { lon: x, lat: y };
}

/** A house number (whole, 1..999999) or why it is not one. */
export function parseHouseNumber(value: string): number | RowProblem {
  // Digits only: '1e3', '0x10' or '12.0' are not how anyone writes a house number.
  const houseNumber = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(houseNumber)) return { field: 'house_number', reason: `not a whole number: '${value}'` };
  if (houseNumber < 1 || houseNumber > MAX_HOUSE_NUMBER)
    return { field: 'house_number', reason: `out of range 1..${MAX_HOUSE_NUMBER}: ${houseNumber}` };
  return houseNumber;
}

/** The columns of an offer in a record (-1 when absent). */
export type OfferColumns = Record<'provider' | 'technology' | 'max_down_mbps' | 'max_up_mbps', number>;

/** The offer of a record: null without a technology, else checked (or the problem with it). */
export function parseOffer(fields: string[], c: OfferColumns): Offer | RowProblem | null {
  const technologyText = text(fields, c.technology);
  if (technologyText === null) return null;
  const technology = TECHNOLOGY_BY_NAME.get(technologyText.toLowerCase());
  if (!technology) return { field: 'technology', reason: `unknown technology: '${technologyText}' (allowed: ${TECHNOLOGIES.join(', ')})` };
  const down = speed(text(fields, c.max_down_mbps), 'max_down_mbps', true);
  if (typeof down !== 'number') return down;
  const up = speed(text(fields, c.max_up_mbps), 'max_up_mbps', false);
  if (typeof up !== 'number') return up;
  return { provider: text(fields, c.provider), technology, down, up };
}

function speed(value: string | null, field: string, required: boolean): number | RowProblem {
  if (value === null) return required ? { field, reason: `missing ${field} for an offer with a technology` } : 0;
  const ambiguous = ambiguousComma(field, value);
  if (ambiguous) return ambiguous;
  const mbps = decimal(value);
  if (Number.isNaN(mbps)) return { field, reason: `not a number: '${value}'` };
  if (mbps < 0 || mbps > MAX_MBPS) return { field, reason: `out of range 0..${MAX_MBPS}: ${mbps}` };
  return mbps;
}
