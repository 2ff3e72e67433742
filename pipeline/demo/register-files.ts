// Writes a generated demo release (straight from the generator, or from its connection CSV,
// release-csv.ts) as the files real data comes as: the address register in NLExtract's BAG CSV format, and one coverage list per operator keyed
// on postcode + huisnummer + huisletter + huisnummertoevoeging, without coordinates. A late list
// adds rows that fit no register address (unmatched) and rows without letter columns at lettered
// numbers (some ambiguous); those rows carry no offer that could apply, so the figures stay the
// generator's. Everything is synthetic, with fictional providers.
import { join } from 'node:path';
import { CsvReader } from '../import/csv.ts';
import { wgs84ToRd } from '../import/rd-new.ts';
import { csvField } from '../../common/csv.ts';
import { LineFile } from './line-file.ts';
import type { DemoAddress } from './addresses.ts';
import { NO_OFFER, type ReleaseRows } from './release-csv.ts';

export const NLEXTRACT_HEADER =
  'openbareruimte;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;provincie;' +
  'object_id;object_type;nevenadres;x;y;lon;lat';
const LIST_HEADER = 'postcode,huisnummer,huisletter,huisnummertoevoeging,provider,technology,max_down_mbps,max_up_mbps';
const LATE_HEADER = 'postcode,huisnummer,provider,technology,max_down_mbps,max_up_mbps';
/** Every how many addresses the late list has a row for an address that does not exist. */
const UNMATCHED_EVERY = 997;
/** The late list's operator: fictional, like every demo provider. */
export const LATE_PROVIDER = 'Laatkomer Breedband';

export interface RegisterFiles {
  register: string;
  lists: string[];
  addresses: number;
}

/** What a register line is made of (a generated address has it all). */
type RegisterAddress = Pick<
  DemoAddress,
  'id' | 'postcode' | 'number' | 'letter' | 'suffix' | 'street' | 'city' | 'code' | 'lon' | 'lat' | 'lonText' | 'latText'
>;

type OfferRoute = { list: LineFile } | { list: null; quoted: boolean; provider: string; technology: string; down: string; up: string };

/** Semicolon fields never hold ';' in the demo's names; a stray one would be replaced. */
const semi = (v: string) => (v.includes(';') ? v.replace(/;/g, ',') : v);

/**
 * Writes one release as `<dir>/<stem>-register.csv` and `<dir>/<stem>-<provider>.csv` files, fed an
 * address at a time (straight from the generator, or from a release CSV by writeRegisterFiles).
 * `names` maps municipality codes to names (NLExtract names the municipality), `provinces` to
 * their province names.
 */
export class RegisterFilesWriter implements ReleaseRows {
  private readonly register: LineFile;
  private readonly lists = new Map<string, LineFile>();
  private readonly late: LineFile;
  private addresses = 0;
  /** How each distinct offer tail is written (routeOf). */
  private readonly routes = new Map<string, OfferRoute>();
  /** The municipality of the last register line, and its ";name;province;" part. */
  private areaCode: string | null = null;
  private areaTail = '';

  constructor(
    private readonly dir: string,
    private readonly stem: string,
    private readonly names: ReadonlyMap<string, string>,
    private readonly provinces: ReadonlyMap<string, string>,
  ) {
    this.register = new LineFile(join(dir, `${stem}-register.csv`), NLEXTRACT_HEADER);
    this.late = new LineFile(join(dir, `${stem}-${slug(LATE_PROVIDER)}.csv`), LATE_HEADER);
  }

  /** A generated address with its offers (release-csv.ts's tails: provider,technology,down,up). */
  address(a: DemoAddress, offers: readonly string[]): void {
    this.registerLine(a);
    let key: string | null = null;
    for (const tail of offers) {
      if (tail === NO_OFFER) continue;
      const route = this.routeOf(tail);
      if (route.list) {
        // The tail is the list row's provider,technology,down,up as it is: written after the key.
        key ??= `${a.postcode},${a.number},${a.letter},${a.suffix},`;
        route.list.line(key, tail);
      } else {
        const { provider, technology, down, up } = route;
        this.offer(a.postcode, a.number, a.letter, a.suffix, provider, technology, down, up);
      }
    }
  }

  /**
   * Where an offer tail goes: straight after the key into its provider's list when that list exists
   * and the provider needs no quoting, else through offer(). Worked out once per distinct tail (a
   * list, once opened, stays).
   */
  private routeOf(tail: string): OfferRoute {
    const known = this.routes.get(tail);
    // A provider's list is opened by its first offer through offer(): from then on, the short way.
    if (known && (known.list || known.quoted || !this.lists.has(known.provider))) return known;
    const provider = tail.slice(0, tail.indexOf(','));
    const list = this.lists.get(provider);
    const quoted = csvField(provider) !== provider;
    let route: OfferRoute;
    if (list && !quoted) route = { list };
    else {
      const [, technology, down, up] = tail.split(',');
      route = { list: null, quoted, provider, technology, down, up };
    }
    this.routes.set(tail, route);
    return route;
  }

  /** The register line of an address, and the late list's rows for it. */
  addressFields(
    id: string,
    postcode: string,
    number: string,
    letter: string,
    suffix: string,
    street: string,
    city: string,
    code: string,
    lon: string,
    lat: string,
  ): void {
    this.registerLine({
      id,
      postcode,
      number,
      letter,
      suffix,
      street,
      city,
      code,
      lon: Number(lon),
      lat: Number(lat),
      lonText: lon,
      latText: lat,
    });
  }

  private registerLine(a: RegisterAddress): void {
    const { id, postcode, number, letter, suffix, street, city, code, lonText, latText } = a;
    this.addresses++;
    const [x, y] = wgs84ToRd(a.lon, a.lat);
    if (code !== this.areaCode) {
      this.areaCode = code;
      this.areaTail = `;${this.names.get(code) ?? code};${this.provinces.get(code) ?? ''};`;
    }
    this.register.line(
      `${semi(street)};${number};${letter};${suffix};${postcode};${semi(city)}${this.areaTail}${id};VBO;f;` +
        `${x.toFixed(3)};${y.toFixed(3)};${lonText};${latText}`,
    );
    if (letter !== '') this.late.line(`${postcode},${number},${LATE_PROVIDER},,,`);
    if (this.addresses % UNMATCHED_EVERY === 0)
      this.late.line([postcode, Number(number) + 50_000, LATE_PROVIDER, 'FTTH', 1000, 1000].join(','));
  }

  /** One operator's row for an address. */
  offer(
    postcode: string,
    number: string,
    letter: string,
    suffix: string,
    provider: string,
    technology: string,
    down: string,
    up: string,
  ): void {
    let list = this.lists.get(provider);
    if (!list) this.lists.set(provider, (list = new LineFile(join(this.dir, `${this.stem}-${slug(provider)}.csv`), LIST_HEADER)));
    list.line([postcode, number, letter, suffix, csvField(provider), technology, down, up].join(','));
  }

  /** Closes every file; call once, also after a failure. */
  close(): RegisterFiles {
    this.register.close();
    this.late.close();
    for (const list of this.lists.values()) list.close();
    return {
      register: this.register.path,
      lists: [...[...this.lists.values()].map((l) => l.path).sort(), this.late.path],
      addresses: this.addresses,
    };
  }
}

/** Splits the release CSV `csv` (release-csv.ts) into the files of a RegisterFilesWriter. */
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
  const writer = new RegisterFilesWriter(dir, stem, names, provinces);
  let last = '';
  let files: RegisterFiles;
  try {
    for (let f = reader.next(); f !== null; f = reader.next()) {
      if (f[ID] !== last) {
        last = f[ID];
        writer.addressFields(f[ID], f[PC], f[NR], f[LETTER], f[SUFFIX], f[STREET], f[CITY], f[CODE], f[LON], f[LAT]);
      }
      if (f[TECH] !== '') writer.offer(f[PC], f[NR], f[LETTER], f[SUFFIX], f[PROVIDER], f[TECH], f[DOWN], f[UP]);
    }
  } finally {
    reader.close();
    files = writer.close();
  }
  return files;
}

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}
