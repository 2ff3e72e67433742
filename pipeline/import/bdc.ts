// The FCC Broadband Data Collection's fixed availability files, recognised by their header: one row
// per provider × technology × location, no coordinates. A row becomes a connection row: the
// location id is the address id, the county is the block GEOID's first 5 digits (a state FIPS and
// a county FIPS), the position the centre of the row's H3 resolution-8 cell, the technology code a
// word of the atlas vocabulary. Ids and GEOIDs stay text, leading zeros and all.
import { cellToLatLng, getResolution, h3IndexToSplitLong, isValidCell } from 'h3-js';
import type { Technology } from '../../common/constants.ts';
import type { BusinessResidential } from '../../common/types.ts';
import type { BBox } from '../boundaries/geometry.ts';
import { NO_ADDRESS_TEXT } from './address.ts';
import { centreKeyOfRes8 } from '../../common/hex-key.ts';
import { CellCentres } from './cell-centres.ts';
import { MAX_MBPS, text, type ConnectionRow, type RowProblem } from './parse-row.ts';
import { fieldText } from './csv.ts';
import { numericIdIn } from './location-stage.ts';

/** The name an import gives this format (summaries, batches). */
export const BDC_FORMAT = 'fcc-bdc';

/** The header of a BDC fixed availability file, in the FCC's order. */
export const BDC_COLUMNS = [
  'frn',
  'provider_id',
  'brand_name',
  'location_id',
  'technology',
  'max_advertised_download_speed',
  'max_advertised_upload_speed',
  'low_latency',
  'business_residential_code',
  'state_usps',
  'block_geoid',
  'h3_res8_id',
] as const;
type BdcColumn = (typeof BDC_COLUMNS)[number];

/** The FCC's technology codes (BDC data specifications) in the atlas vocabulary. */
export const BDC_TECHNOLOGIES: ReadonlyMap<string, Technology> = new Map([
  ['0', 'OTHER'],
  ['10', 'DSL'], // copper wire
  ['40', 'CABLE'], // coaxial cable / HFC
  ['50', 'FTTH'], // optical carrier / fiber to the premises
  ['60', 'SATELLITE'], // geostationary satellite
  ['61', 'SATELLITE'], // non-geostationary satellite
  ['70', 'FWA'], // unlicensed terrestrial fixed wireless
  ['71', 'FWA'], // licensed terrestrial fixed wireless
  ['72', 'FWA'], // licensed-by-rule terrestrial fixed wireless
]);

/** What --residential-only leaves out: locations the FCC marks business-only. */
export const BUSINESS_ONLY: BusinessResidential = 'B';

/** Digits of a census block GEOID. */
const BLOCK_DIGITS = 15;

/** Digits of a county code at the start of a block GEOID (2 state + 3 county). */
export const COUNTY_DIGITS = 5;

/** The header is a BDC fixed availability header: all its columns, nothing else. */
export function isBdcHeader(header: readonly string[]): boolean {
  const names = header.map((h) => h.trim().toLowerCase());
  return names.length === BDC_COLUMNS.length && BDC_COLUMNS.every((c) => names.includes(c));
}

/** Longest value per column (characters): brand names 200, the rest 64, as for connection files. */
const MAX_LENGTH = (column: BdcColumn) => (column === 'brand_name' ? 200 : 64);

/** A row the import reads but leaves out on purpose (--residential-only). */
export const SKIPPED = Symbol('skipped');

function mbps(value: string | null, field: string): number | RowProblem {
  if (value === null) return { field, reason: `missing ${field}` };
  if (!isDecimal(value)) return { field, reason: `not a number: '${value}'` };
  const n = Number(value);
  return n > MAX_MBPS ? { field, reason: `out of range 0..${MAX_MBPS}: ${n}` } : n;
}

/** Digits, or digits, a point and digits (/^\d+(\.\d+)?$/ without a regular expression's cost per row). */
function isDecimal(value: string): boolean {
  let point = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 46 && point < 0 && i > 0) point = i;
    else if (c < 48 || c > 57) return false;
  }
  return value.length > 0 && point !== value.length - 1;
}

/** Cells remembered at most before the cache starts over: a state file has a few hundred thousand. */
const CELL_CACHE_SIZE = 1 << 20;

/** A cache of checked cells' centres, for the BDC files one reader reads (a cell's locations are spread over them). */
export function bdcCellCentres(): CellCentres {
  return new CellCentres(CELL_CACHE_SIZE);
}

/** res8Key of text that cannot be a resolution-8 cell. */
const NO_KEY = -1;
/** The bits below a resolution-8 cell's 8 digits: 7 unused digits, all ones. */
const UNUSED_DIGITS = 0x1fffff;

/** The value of hex digits from..to of `text` (at most 8, either case); -1 if one is not a hex digit. */
function hexValue(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) | 0x20; // A-F -> a-f; digits keep their code
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * A number naming the 64-bit value of 15 or 16 hex digits whose low 21 bits are all ones (as in every
 * resolution-8 H3 index): the high 32 bits and the 11 above those ones, 43 bits in all. Without
 * lower-casing or hashing a new string per row; NO_KEY for anything else.
 * Equal keys are equal values: a cell in upper case, or with a leading 0, shares its entry.
 */
function res8Key(text: string, start: number, end: number): number {
  if (end - start !== 15 && end - start !== 16) return NO_KEY;
  const split = end - 8;
  const high = hexValue(text, start, split);
  const low = hexValue(text, split, end);
  if (high < 0 || low < 0 || (low & UNUSED_DIGITS) !== UNUSED_DIGITS) return NO_KEY;
  return high * 2048 + (low >>> 21);
}

/** A row checkRecord() accepted: one object, filled again for each row. */
export interface BdcRecord {
  addressId: string;
  /** The number the block GEOID's county digits write (its area code is those COUNTY_DIGITS digits). */
  county: number;
  lon: number;
  lat: number;
  /** The finest H3 cell key at the centre of the row's cell (common/hex-key.ts). */
  cell: number;
  provider: string | null;
  technology: Technology;
  down: number;
  up: number;
  lowLatency: boolean;
  businessResidential: BusinessResidential;
}

/** Fills `out` with a row parse() accepted: the values checkRecord() gives the same row. */
export function bdcRecordOf(row: ConnectionRow, out: BdcRecord): void {
  const offer = row.offer!;
  out.addressId = row.addressId;
  out.county = Number(row.municipalityCode);
  out.lon = row.lon;
  out.lat = row.lat;
  out.cell = row.cell!;
  out.provider = offer.provider;
  out.technology = offer.technology as Technology; // parse() took it from BDC_TECHNOLOGIES
  out.down = offer.down;
  out.up = offer.up;
  out.lowLatency = offer.low_latency!;
  out.businessResidential = offer.business_residential!;
}

/** A BdcRecord to fill. */
export function bdcRecord(): BdcRecord {
  return {
    addressId: '',
    county: 0,
    lon: 0,
    lat: 0,
    cell: 0,
    provider: null,
    technology: 'OTHER',
    down: 0,
    up: 0,
    lowLatency: false,
    businessResidential: 'R',
  };
}

/** BDC_TECHNOLOGIES by the number of the code. */
const TECHNOLOGY_BY_CODE: (Technology | undefined)[] = [];
for (const [code, technology] of BDC_TECHNOLOGIES) TECHNOLOGY_BY_CODE[Number(code)] = technology;

/** A character that can start or end a value as it is, unquoted and untrimmed: visible ASCII but a quote. */
function isPlainEdge(c: number): boolean {
  return c > 32 && c < 127 && c !== 34;
}

/** text[start, end) is exactly `n` ASCII digits (/^\d{n}$/). */
function digitsIn(text: string, start: number, end: number, n: number): boolean {
  if (end - start !== n) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The value of the ASCII digits text[start, end) (at most 15 of them: exact). */
function digitValue(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/** A speed as mbps() reads it, from text[start, end): -1 for anything mbps() would reject. */
function speedIn(text: string, start: number, end: number): number {
  const n = end - start;
  // Digits only: their value, exactly as Number() gives it (below 2^53). A decimal point: Number() itself.
  const value = n > 0 && n <= 15 && digitsIn(text, start, end, n) ? digitValue(text, start, end) : decimalIn(text, start, end);
  return value > MAX_MBPS ? -1 : value;
}

/** Number() of text[start, end) when isDecimal accepts it, else -1. */
function decimalIn(text: string, start: number, end: number): number {
  const value = text.slice(start, end);
  return isDecimal(value) ? Number(value) : -1;
}

/** text[start, end) is the string `other`. */
function sameText(text: string, start: number, end: number, other: string): boolean {
  if (end - start !== other.length) return false;
  for (let i = 0; i < other.length; i++) if (text.charCodeAt(start + i) !== other.charCodeAt(i)) return false;
  return true;
}

export class BdcRowParser {
  private readonly index: Record<BdcColumn, number>;
  /** The longest value of each field, in header order (MAX_LENGTH). */
  private readonly maxLength: number[];
  private lastKey = NO_KEY;
  private lastSlot = -1;
  /** The cache's size when lastSlot was found. */
  private lastSize = 0;
  /** The brand name field of the row checkRecord() read before, as it stood, and its name. */
  private lastBrandText = '';
  private lastBrand: string | null = null;

  constructor(
    header: readonly string[],
    private readonly bbox: BBox,
    private readonly residentialOnly: boolean,
    /** Checked cells (by res8Key) and their centres: a cell's locations are spread over the files. */
    private readonly cells = bdcCellCentres(),
  ) {
    const names = header.map((h) => h.trim().toLowerCase());
    this.index = Object.fromEntries(BDC_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<BdcColumn, number>;
    this.maxLength = names.map((n) => MAX_LENGTH(n as BdcColumn));
  }

  /** The column of `location_id` and `block_geoid`, where the address id and county code are verbatim. */
  get addressIdColumn(): number {
    return this.index.location_id;
  }

  get blockColumn(): number {
    return this.index.block_geoid;
  }

  parse(fields: string[]): ConnectionRow | RowProblem | typeof SKIPPED {
    const c = this.index;
    if (fields.length !== BDC_COLUMNS.length) {
      return { field: '', reason: `wrong column count: ${fields.length} instead of ${BDC_COLUMNS.length}` };
    }
    for (let i = 0; i < fields.length; i++) {
      const max = this.maxLength[i];
      if (fields[i].length > max && fields[i].trim().length > max)
        return { field: BDC_COLUMNS.find((b) => c[b] === i)!, reason: `longer than ${max} characters` };
    }
    const brc = text(fields, c.business_residential_code)?.toUpperCase() ?? null;
    if (brc !== 'R' && brc !== 'B' && brc !== 'X') return { field: 'business_residential_code', reason: `not R, B or X: '${brc ?? ''}'` };
    if (this.residentialOnly && brc === BUSINESS_ONLY) return SKIPPED;
    const locationId = text(fields, c.location_id);
    if (locationId === null) return { field: 'location_id', reason: 'missing location_id' };
    const block = text(fields, c.block_geoid);
    if (block === null || !digitsIn(block, 0, block.length, BLOCK_DIGITS))
      return { field: 'block_geoid', reason: `not a 15-digit census block GEOID: '${block ?? ''}'` };
    const cell = text(fields, c.h3_res8_id) ?? '';
    const slot = this.centreOf(cell, 0, cell.length);
    if (slot < 0) return { field: 'h3_res8_id', reason: `not an H3 resolution-8 cell: '${fields[c.h3_res8_id].trim()}'` };
    const lat = this.cells.lat(slot);
    const lon = this.cells.lon(slot);
    const [minLon, minLat, maxLon, maxLat] = this.bbox;
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) {
      return {
        field: 'h3_res8_id',
        reason: `cell centre outside the bbox of the boundaries: lon ${lon.toFixed(5)}, lat ${lat.toFixed(5)} (bbox ${this.bbox.join(',')})`,
      };
    }
    const code = text(fields, c.technology);
    const technology = code === null ? undefined : BDC_TECHNOLOGIES.get(code);
    if (!technology)
      return {
        field: 'technology',
        reason: `unknown FCC technology code: '${code ?? ''}' (known: ${[...BDC_TECHNOLOGIES.keys()].join(', ')})`,
      };
    const down = mbps(text(fields, c.max_advertised_download_speed), 'max_advertised_download_speed');
    if (typeof down !== 'number') return down;
    const up = mbps(text(fields, c.max_advertised_upload_speed), 'max_advertised_upload_speed');
    if (typeof up !== 'number') return up;
    const lowLatency = text(fields, c.low_latency);
    if (lowLatency !== '0' && lowLatency !== '1') return { field: 'low_latency', reason: `not 0 or 1: '${lowLatency ?? ''}'` };
    return {
      addressId: locationId,
      ...NO_ADDRESS_TEXT,
      municipalityCode: block.slice(0, COUNTY_DIGITS),
      lon,
      lat,
      cell: this.cells.finest(slot),
      offer: {
        provider: text(fields, c.brand_name),
        technology,
        down,
        up,
        low_latency: lowLatency === '1',
        business_residential: brc,
      },
    };
  }

  /**
   * Checks a plain record (CsvReader.nextSpans: field k is text[spans[2k], spans[2k + 1])) and fills
   * `out`: true for a row parse() would accept as it is, SKIPPED for one it would leave out, false
   * for any other, which parse() then reads from the record's fields, saying what is wrong. Only a
   * row in the FCC's own shape passes: values without spaces or quotes (the brand name may be
   * quoted), codes in upper case. Without the strings, objects and lookups parse() makes per row.
   */
  checkRecord(text: string, spans: Int32Array, n: number, out: BdcRecord): boolean | typeof SKIPPED {
    const c = this.index;
    if (n !== BDC_COLUMNS.length) return false;
    for (let i = 0; i < n; i++) if (spans[2 * i + 1] - spans[2 * i] > this.maxLength[i]) return false;
    const brcAt = spans[2 * c.business_residential_code];
    if (spans[2 * c.business_residential_code + 1] !== brcAt + 1) return false;
    const brc = text.charCodeAt(brcAt);
    if (brc !== 82 && brc !== 66 && brc !== 88) return false; // R, B, X
    if (this.residentialOnly && brc === 66) return SKIPPED;
    const idStart = spans[2 * c.location_id];
    const idEnd = spans[2 * c.location_id + 1];
    if (idEnd === idStart || !isPlainEdge(text.charCodeAt(idStart)) || !isPlainEdge(text.charCodeAt(idEnd - 1))) return false;
    const blockStart = spans[2 * c.block_geoid];
    if (!digitsIn(text, blockStart, spans[2 * c.block_geoid + 1], BLOCK_DIGITS)) return false;
    const slot = this.centreOf(text, spans[2 * c.h3_res8_id], spans[2 * c.h3_res8_id + 1]);
    if (slot < 0) return false;
    const lat = this.cells.lat(slot);
    const lon = this.cells.lon(slot);
    const [minLon, minLat, maxLon, maxLat] = this.bbox;
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) return false;
    // A code written plainly, as an id is (no leading zero: '010' is not '10'), or -1.
    const code = numericIdIn(text, spans[2 * c.technology], spans[2 * c.technology + 1]);
    const technology = code >= 0 && code < TECHNOLOGY_BY_CODE.length ? TECHNOLOGY_BY_CODE[code] : undefined;
    if (technology === undefined) return false;
    const down = speedIn(text, spans[2 * c.max_advertised_download_speed], spans[2 * c.max_advertised_download_speed + 1]);
    const up = speedIn(text, spans[2 * c.max_advertised_upload_speed], spans[2 * c.max_advertised_upload_speed + 1]);
    if (down < 0 || up < 0) return false;
    const latencyAt = spans[2 * c.low_latency];
    const latency = text.charCodeAt(latencyAt);
    if (spans[2 * c.low_latency + 1] !== latencyAt + 1 || (latency !== 48 && latency !== 49)) return false;
    out.addressId = text.slice(idStart, idEnd);
    out.county = digitValue(text, blockStart, blockStart + COUNTY_DIGITS);
    out.lon = lon;
    out.lat = lat;
    out.cell = this.cells.finest(slot);
    out.provider = this.brandName(text, spans[2 * c.brand_name], spans[2 * c.brand_name + 1]);
    out.technology = technology;
    out.down = down;
    out.up = up;
    out.lowLatency = latency === 49;
    out.businessResidential = brc === 82 ? 'R' : brc === 66 ? 'B' : 'X';
    return true;
  }

  /** The brand name of the field text[start, end) as parse() reads it; the same string as the row before's when its text is. */
  private brandName(text: string, start: number, end: number): string | null {
    if (!sameText(text, start, end, this.lastBrandText)) {
      this.lastBrandText = text.slice(start, end);
      const name = fieldText(text, start, end).trim();
      this.lastBrand = name === '' ? null : name;
    }
    return this.lastBrand;
  }

  /**
   * The slot in `cells` of a resolution-8 cell's centre and the finest cell key there (hex digits,
   * either case); -1 for anything else.
   */
  private centreOf(text: string, start: number, end: number): number {
    // A location's rows follow each other in a file: most rows ask for the cell before.
    const key = res8Key(text, start, end);
    // Every resolution-8 index has a key: text without one is not a cell.
    if (key === NO_KEY) return -1;
    // The cell before is still in its slot unless the (shared) table has changed since: an add may move or empty it.
    if (key === this.lastKey && this.cells.size === this.lastSize) return this.lastSlot;
    let slot = this.cells.find(key);
    if (slot < 0) {
      // Checked once per cell: parsed once, as the h3-js calls below would each parse the string again.
      const lower = text.slice(start, end).toLowerCase();
      const split = /^[0-9a-f]{15,16}$/.test(lower) ? (h3IndexToSplitLong(lower) as [number, number]) : null;
      if (split === null || !isValidCell(split) || getResolution(split) !== 8) return -1;
      const [lat, lon] = cellToLatLng(split);
      slot = this.cells.add(key, lat, lon, centreKeyOfRes8(split, lat, lon));
    }
    this.lastKey = key;
    this.lastSlot = slot;
    this.lastSize = this.cells.size;
    return slot;
  }
}
