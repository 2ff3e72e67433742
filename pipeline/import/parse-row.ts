// Turns one CSV record into a checked connection row, or says which field is wrong and why.
import { TECHNOLOGIES } from '../../common/constants.ts';
import type { Offer } from '../../common/types.ts';
import type { BBox } from '../boundaries/geometry.ts';
import type { AddressFields } from './address.ts';
import type { ColumnMap } from './columns.ts';
import { rdToWgs84 } from './rd-new.ts';

export interface ConnectionRow extends AddressFields {
  municipalityCode: string | null;
  offer: Offer | null;
}

export interface RowProblem {
  field: string;
  reason: string;
}

/** Highest speed accepted, in Mbit/s (100 Gbit/s): anything above is a data error. */
export const MAX_MBPS = 100_000;
const MAX_HOUSE_NUMBER = 999_999;
const TECHNOLOGY_BY_NAME = new Map(TECHNOLOGIES.map((t) => [t.toLowerCase(), t]));

function text(fields: string[], i: number): string | null {
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
function decimal(value: string): number {
  const normal = value.includes(',') && !value.includes('.') ? value.replace(',', '.') : value;
  return decimalChars(normal) ? Number(normal) : NaN;
}

/**
 * A comma followed by exactly three digits ('1,000', '155,000') reads as a thousands separator in
 * English and as a decimal comma in Dutch: such values are rejected rather than guessed.
 */
function ambiguousComma(field: string, value: string): RowProblem | null {
  return /^[+-]?\d{1,3},\d{3}$/.test(value)
    ? { field, reason: `ambiguous number: '${value}' (a thousands separator or a decimal comma?); write it without the comma, or with a point as decimal separator` }
    : null;
}

/** Dutch postcodes become '1234AB'; any other value is kept, upper-cased and without spaces. */
export function normalisePostcode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export class RowParser {
  constructor(private readonly columns: ColumnMap, private readonly bbox: BBox) {}

  parse(fields: string[]): ConnectionRow | RowProblem {
    const c = this.columns.index;
    if (fields.length !== this.columns.width) {
      return { field: '', reason: `wrong column count: ${fields.length} instead of ${this.columns.width}` };
    }
    const addressId = text(fields, c.address_id);
    if (!addressId) return { field: 'address_id', reason: 'missing address_id' };

    const location = this.location(fields);
    if ('reason' in location) return location;

    let houseNumber: number | null = null;
    const houseText = text(fields, c.house_number);
    if (houseText !== null) {
      // Digits only: '1e3', '0x10' or '12.0' are not how anyone writes a house number.
      houseNumber = /^\d+$/.test(houseText) ? Number(houseText) : NaN;
      if (!Number.isInteger(houseNumber)) return { field: 'house_number', reason: `not a whole number: '${houseText}'` };
      if (houseNumber < 1 || houseNumber > MAX_HOUSE_NUMBER) return { field: 'house_number', reason: `out of range 1..${MAX_HOUSE_NUMBER}: ${houseNumber}` };
    }
    const offer = this.offer(fields);
    if (offer && 'reason' in offer) return offer;
    const postcode = text(fields, c.postcode);
    return {
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
  }

  private location(fields: string[]): { lon: number; lat: number } | RowProblem {
    const c = this.columns.index;
    const rd = this.columns.coordinates === 'rd';
    const [xField, yField] = rd ? ['x', 'y'] : ['lon', 'lat'];
    const xText = text(fields, rd ? c.x : c.lon);
    const yText = text(fields, rd ? c.y : c.lat);
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
    let lon = x;
    let lat = y;
    if (rd) [lon, lat] = rdToWgs84(x, y);
    else if (lon < -180 || lon > 180) return { field: 'lon', reason: `out of range -180..180: ${lon}` };
    else if (lat < -90 || lat > 90) return { field: 'lat', reason: `out of range -90..90: ${lat}` };
    const [minLon, minLat, maxLon, maxLat] = this.bbox;
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) {
      return {
        field: xField,
        reason: `coordinates outside the bbox of the boundaries: lon ${lon.toFixed(5)}, lat ${lat.toFixed(5)} (bbox ${this.bbox.join(',')})`,
      };
    }
    return { lon, lat };
  }

  private offer(fields: string[]): Offer | RowProblem | null {
    const c = this.columns.index;
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
