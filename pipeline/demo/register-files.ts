// Turns a generated demo release (a connection CSV, release-csv.ts) into the files real data comes
// as: the address register in NLExtract's BAG CSV format, and one coverage list per operator keyed
// on postcode + huisnummer + huisletter + huisnummertoevoeging, without coordinates. A late list
// adds rows that fit no register address (unmatched) and rows without letter columns at lettered
// numbers (some ambiguous); those rows carry no offer that could apply, so the figures stay the
// generator's. Everything is synthetic, with fictional providers.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CsvReader } from '../import/csv.ts';
import { wgs84ToRd } from '../import/rd-new.ts';
import { csvField } from '../../common/csv.ts';

export const NLEXTRACT_HEADER =
  'openbareruimte;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;provincie;' +
  'object_id;object_type;nevenadres;x;y;lon;lat';
const LIST_HEADER = 'postcode,huisnummer,huisletter,huisnummertoevoeging,provider,technology,max_down_mbps,max_up_mbps';
const LATE_HEADER = 'postcode,huisnummer,provider,technology,max_down_mbps,max_up_mbps';
/** Every how many addresses the late list has a row for an address that does not exist. */
const UNMATCHED_EVERY = 997;
/** The late list's operator: fictional, like every demo provider. */
export const LATE_PROVIDER = 'Laatkomer Breedband';
const FLUSH_CHARS = 1 << 20;

export interface RegisterFiles {
  register: string;
  lists: string[];
  addresses: number;
}

class Output {
  private readonly fd: number;
  private buffered: string;
  constructor(
    readonly path: string,
    header: string,
  ) {
    this.fd = openSync(path, 'w');
    this.buffered = `${header}\n`;
  }
  line(text: string): void {
    this.buffered += `${text}\n`;
    if (this.buffered.length > FLUSH_CHARS) this.flush();
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
  private flush(): void {
    writeSync(this.fd, this.buffered);
    this.buffered = '';
  }
}

/** Semicolon fields never hold ';' in the demo's names; a stray one would be replaced. */
const semi = (v: string) => v.replace(/;/g, ',');

/**
 * Splits `csv` into `<dir>/<stem>-register.csv` and `<dir>/<stem>-<provider>.csv` files.
 * `names` maps municipality codes to names (NLExtract names the municipality), `provinces` to
 * their province names.
 */
export function writeRegisterFiles(
  csv: string,
  dir: string,
  stem: string,
  names: ReadonlyMap<string, string>,
  provinces: ReadonlyMap<string, string>,
): RegisterFiles {
  const reader = new CsvReader(csv);
  const header = reader.header()!;
  const col = (name: string) => header.indexOf(name);
  const [ID, PC, NR, LETTER, SUFFIX, STREET, CITY, CODE, LON, LAT, PROVIDER, TECH, DOWN, UP] = [
    'address_id',
    'postcode',
    'house_number',
    'house_letter',
    'house_number_suffix',
    'street',
    'city',
    'municipality_code',
    'lon',
    'lat',
    'provider',
    'technology',
    'max_down_mbps',
    'max_up_mbps',
  ].map(col);
  const register = new Output(join(dir, `${stem}-register.csv`), NLEXTRACT_HEADER);
  const lists = new Map<string, Output>();
  const late = new Output(join(dir, `${stem}-${slug(LATE_PROVIDER)}.csv`), LATE_HEADER);
  let last = '';
  let addresses = 0;
  try {
    for (let f = reader.next(); f !== null; f = reader.next()) {
      if (f[ID] !== last) {
        last = f[ID];
        addresses++;
        const lon = Number(f[LON]);
        const lat = Number(f[LAT]);
        const [x, y] = wgs84ToRd(lon, lat);
        register.line(
          [
            semi(f[STREET]),
            f[NR],
            f[LETTER],
            f[SUFFIX],
            f[PC],
            semi(f[CITY]),
            names.get(f[CODE]) ?? f[CODE],
            provinces.get(f[CODE]) ?? '',
            f[ID],
            'VBO',
            'f',
            x.toFixed(3),
            y.toFixed(3),
            f[LON],
            f[LAT],
          ].join(';'),
        );
        if (f[LETTER] !== '') late.line([f[PC], f[NR], LATE_PROVIDER, '', '', ''].join(','));
        if (addresses % UNMATCHED_EVERY === 0) late.line([f[PC], Number(f[NR]) + 50_000, LATE_PROVIDER, 'FTTH', 1000, 1000].join(','));
      }
      if (f[TECH] === '') continue;
      let list = lists.get(f[PROVIDER]);
      if (!list) lists.set(f[PROVIDER], (list = new Output(join(dir, `${stem}-${slug(f[PROVIDER])}.csv`), LIST_HEADER)));
      list.line([f[PC], f[NR], f[LETTER], f[SUFFIX], csvField(f[PROVIDER]), f[TECH], f[DOWN], f[UP]].join(','));
    }
  } finally {
    reader.close();
    register.close();
    late.close();
    for (const list of lists.values()) list.close();
  }
  return { register: register.path, lists: [...[...lists.values()].map((l) => l.path).sort(), late.path], addresses };
}

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}
