// Recognises an address register's format from its header (names case-insensitive, order free):
// the LJPc dump, NLExtract's BAG CSV, or the canonical columns. Also the --columns renaming that
// (import/columns.ts) lets any other header through.
import { FileError, renamedHeader } from '../import/columns.ts';

export type RegisterFormat = 'ljpc' | 'nlextract' | 'canonical';

export const REGISTER_FIELDS = [
  'address_id',
  'postcode',
  'house_number',
  'house_letter',
  'house_number_suffix',
  'street',
  'city',
  'municipality',
  'municipality_code',
  'lon',
  'lat',
  'x',
  'y',
  'side_address',
] as const;
export type RegisterField = (typeof REGISTER_FIELDS)[number];

export interface RegisterColumns {
  format: RegisterFormat;
  /** Field index of each register field in a record, -1 when absent. */
  index: Record<RegisterField, number>;
  width: number;
  coordinates: 'lonlat' | 'rd';
  unknown: string[];
}

/** LJPc: straat;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;provincie;lat;lon */
const LJPC: Record<string, RegisterField | null> = {
  straat: 'street',
  huisnummer: 'house_number',
  huisletter: 'house_letter',
  huisnummertoevoeging: 'house_number_suffix',
  postcode: 'postcode',
  woonplaats: 'city',
  gemeente: 'municipality',
  provincie: null,
  lat: 'lat',
  lon: 'lon',
};
/** NLExtract: openbareruimte;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;provincie;object_id;object_type;nevenadres;x;y;lon;lat */
const NLEXTRACT: Record<string, RegisterField | null> = {
  openbareruimte: 'street',
  huisnummer: 'house_number',
  huisletter: 'house_letter',
  huisnummertoevoeging: 'house_number_suffix',
  postcode: 'postcode',
  woonplaats: 'city',
  gemeente: 'municipality',
  provincie: null,
  object_id: null,
  object_type: null,
  nevenadres: 'side_address',
  x: 'x',
  y: 'y',
  lon: 'lon',
  lat: 'lat',
};
const CANONICAL: Record<string, RegisterField | null> = Object.fromEntries(REGISTER_FIELDS.map((f) => [f, f]));

const FORMATS: { format: RegisterFormat; names: Record<string, RegisterField | null>; required: string[] }[] = [
  { format: 'nlextract', names: NLEXTRACT, required: ['openbareruimte', 'huisnummer', 'postcode', 'object_id', 'nevenadres'] },
  { format: 'ljpc', names: LJPC, required: ['straat', 'huisnummer', 'postcode', 'gemeente', 'lat', 'lon'] },
  { format: 'canonical', names: CANONICAL, required: [] },
];

export const FORMAT_NAMES: Record<RegisterFormat, string> = {
  ljpc: 'LJPc address dump (straat;huisnummer;…;lat;lon)',
  nlextract: 'NLExtract BAG CSV (openbareruimte;huisnummer;…;object_id;…;lon;lat)',
  canonical: 'canonical register columns (address_id/postcode,house_number,…,lon,lat)',
};

export function registerColumns(file: string, header: readonly string[], mapping: ReadonlyMap<string, string>): RegisterColumns {
  const names = renamedHeader(header, mapping);
  const present = new Set(names);
  const found = FORMATS.find((f) => f.required.every((r) => present.has(r)))!;
  const index = Object.fromEntries(REGISTER_FIELDS.map((f) => [f, -1])) as Record<RegisterField, number>;
  const unknown: string[] = [];
  names.forEach((name, i) => {
    if (!(name in found.names)) {
      unknown.push(header[i].trim());
      return;
    }
    const field = found.names[name];
    if (field === null) return;
    if (index[field] >= 0) throw new FileError(`${file}:1: column '${name}' appears twice in the header; keep one.`);
    index[field] = i;
  });
  const hasKey = index.postcode >= 0 && index.house_number >= 0;
  if (found.format === 'canonical' && !hasKey && index.address_id < 0) {
    throw new FileError(
      `${file}:1: not a known address register header (found: ${header.join(', ')}). Expected the LJPc dump ` +
        "(straat;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;provincie;lat;lon), NLExtract's BAG CSV " +
        '(openbareruimte;…;object_id;object_type;nevenadres;x;y;lon;lat) or the canonical columns (address_id and/or ' +
        'postcode + house_number, lon + lat or x + y). Rename columns with --columns NAME=HEADER.',
    );
  }
  const hasLonLat = index.lon >= 0 && index.lat >= 0;
  const hasRd = index.x >= 0 && index.y >= 0;
  if (!hasLonLat && !hasRd) {
    throw new FileError(`${file}:1: the register header needs 'lon' and 'lat' (WGS84) or 'x' and 'y' (RD New) columns.`);
  }
  return { format: found.format, index, width: header.length, coordinates: hasLonLat ? 'lonlat' : 'rd', unknown };
}
