// The addresses of one municipality, for all releases at once: streets of houses around PC4 points
// (village and town streets near the point, countryside roads further out), every address inside its
// municipality, with BAG-like ids that stay the same in every release.
import {
  ADDRESS_SPACING_M,
  DEMO_RELEASES,
  HOUSE_LETTER_SHARE,
  HOUSE_SUFFIX_SHARE,
  NEW_STREET_SHARE,
  POSTCODE_SIZE,
  STREET_SIZE,
} from './calibration.ts';
import { csvField } from '../../common/csv.ts';
import { postcodeLetters, POSTCODES_PER_AREA, streetName } from './names.ts';
import type { MunicipalityPlan, PostcodePlan } from './plan.ts';
import { hash32, Rng } from './random.ts';

export interface DemoAddress {
  id: string;
  postcode: string;
  /** House number, letter and suffix as written ('' for none). */
  number: string;
  letter: string;
  suffix: string;
  /** Street, city and municipality code unquoted, and as CSV fields (shared by a street's addresses). */
  street: string;
  city: string;
  code: string;
  streetField: string;
  cityField: string;
  codeField: string;
  lon: number;
  lat: number;
  /** lon and lat as written (their shortest text). */
  lonText: string;
  latText: string;
  rural: boolean;
  /** Index in DEMO_RELEASES of the first release that has this address. */
  born: number;
  /** Seed of this address's own draws (offers, speeds). */
  key: number;
}

const KM_PER_DEGREE = 111.32;
const PLACEMENT_TRIES = 6;

/** The CSV fields address_id .. lat of an address, each followed by a comma: the same in every release. */
export function csvPrefix(a: DemoAddress): string {
  return `${a.id},${a.postcode},${a.number},${a.letter},${a.suffix},${a.streetField},${a.cityField},${a.codeField},${a.lonText},${a.latText},`;
}

/** Position along a street: `along` metres from its middle, `across` metres to one side. */
interface StreetFrame {
  lon: number;
  lat: number;
  dirLon: number;
  dirLat: number;
  /** Cosine of the latitude (kilometres per degree of longitude / KM_PER_DEGREE). */
  cos: number;
}

/** The point `along` and `across` metres from the frame's middle, written into `out` as lon, lat. */
function metresToDegrees(frame: StreetFrame, along: number, across: number, out: Float64Array): void {
  const east = (along * frame.dirLon - across * frame.dirLat) / 1000;
  const north = (along * frame.dirLat + across * frame.dirLon) / 1000;
  out[0] = frame.lon + east / (KM_PER_DEGREE * frame.cos);
  out[1] = frame.lat + north / KM_PER_DEGREE;
}

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

/**
 * The first 6 digits of a BAG-like 16-digit id: 4-digit municipality number and object type 20; a
 * 10-digit serial follows.
 */
function addressIdPrefix(municipalityCode: string): string {
  return `${municipalityCode.replace(/\D/g, '').padStart(4, '0').slice(-4)}20`;
}

/** Birth release of a new street: most exist in the first release, a few are new-build each year. */
function birthOf(rng: Rng): number {
  const u = rng.next();
  for (let r = DEMO_RELEASES.length - 1; r >= 1; r--) {
    if (u < NEW_STREET_SHARE * (DEMO_RELEASES.length - r)) return r;
  }
  return 0;
}

class MunicipalityBuilder {
  readonly addresses: DemoAddress[] = [];
  private readonly rng: Rng;
  private readonly interior: [number, number];
  private readonly codeField: string;
  private readonly code: string;
  private readonly idPrefix: string;
  /** Scratch output of metresToDegrees and place. */
  private readonly want = new Float64Array(2);
  private readonly at = new Float64Array(2);

  constructor(private readonly plan: MunicipalityPlan) {
    this.rng = new Rng(plan.key);
    this.interior = this.findInterior();
    this.code = plan.municipality.code;
    this.codeField = csvField(this.code);
    this.idPrefix = addressIdPrefix(this.code);
  }

  /** A point certainly inside the municipality, the last resort of placement. */
  private findInterior(): [number, number] {
    const { shape, postcodes } = this.plan;
    const pc = postcodes.find((p) => shape.contains(p.area.lon, p.area.lat));
    if (pc) return [pc.area.lon, pc.area.lat];
    for (let i = 0; i < 100_000; i++) {
      const lon = round5(shape.minLon + this.rng.next() * (shape.maxLon - shape.minLon));
      const lat = round5(shape.minLat + this.rng.next() * (shape.maxLat - shape.minLat));
      if (shape.contains(lon, lat)) return [lon, lat];
    }
    throw new Error(`data: found no point inside municipality ${this.plan.municipality.code}; check its geometry.`);
  }

  /** The wanted point if inside the municipality, else points pulled towards the PC4 point; into `this.at`. */
  private place(lon: number, lat: number, pc: PostcodePlan): void {
    const { shape } = this.plan;
    const { at } = this;
    for (let i = 0; i < PLACEMENT_TRIES; i++) {
      const x = round5(lon);
      const y = round5(lat);
      if (shape.contains(x, y)) {
        at[0] = x;
        at[1] = y;
        return;
      }
      lon = (lon + pc.area.lon) / 2;
      lat = (lat + pc.area.lat) / 2;
    }
    const x = round5(pc.area.lon);
    const y = round5(pc.area.lat);
    if (shape.contains(x, y)) {
      at[0] = x;
      at[1] = y;
    } else {
      at[0] = this.interior[0];
      at[1] = this.interior[1];
    }
  }

  private streetFrame(pc: PostcodePlan, rural: boolean): StreetFrame {
    const { rng } = this;
    const sideKm = Math.sqrt(Math.max(pc.area.areaKm2, 0.2));
    let east: number;
    let north: number;
    if (rural) {
      const angle = rng.next() * 2 * Math.PI;
      const dist = Math.max(0.6, 0.55 * sideKm) * (0.35 + 0.65 * Math.sqrt(rng.next()));
      east = Math.cos(angle) * dist;
      north = Math.sin(angle) * dist;
    } else {
      east = rng.normal() * 0.3 * sideKm;
      north = rng.normal() * 0.3 * sideKm;
    }
    const heading = rng.next() * Math.PI;
    const cos = Math.cos((pc.area.lat * Math.PI) / 180);
    const lat = pc.area.lat + north / KM_PER_DEGREE;
    return {
      lon: pc.area.lon + east / (KM_PER_DEGREE * cos),
      lat,
      dirLon: Math.cos(heading),
      dirLat: Math.sin(heading),
      cos: Math.cos((lat * Math.PI) / 180),
    };
  }

  /** Builds every address of one PC4 area. */
  addArea(pc: PostcodePlan): void {
    const { rng } = this;
    const rural = Math.min(pc.addresses, Math.floor(pc.addresses * pc.ruralShare + rng.next()));
    // Every street starts a postcode: at most ~2 x 101 streets (built-up and countryside) leave the
    // other letter pairs for postcodes within streets, so crowded PC4s get longer streets and groups.
    const minStreet = Math.ceil(pc.addresses / 100);
    const minGroup = Math.ceil(pc.addresses / (POSTCODES_PER_AREA - 2 * 101 - 5));
    const postcode = { next: 0, current: '', left: 0 };
    const city = pc.area.place || this.plan.municipality.name;
    for (const [kind, total] of [
      ['core', pc.addresses - rural],
      ['rural', rural],
    ] as const) {
      for (let done = 0; done < total; ) {
        const size = Math.min(total - done, Math.max(minStreet, rng.int(STREET_SIZE[kind][0], STREET_SIZE[kind][1])));
        postcode.left = 0;
        this.addStreet(pc, kind === 'rural', size, city, postcode, minGroup);
        done += size;
      }
    }
  }

  private addStreet(
    pc: PostcodePlan,
    rural: boolean,
    size: number,
    city: string,
    postcode: { next: number; current: string; left: number },
    minGroup: number,
  ): void {
    const { rng } = this;
    const kind = rural ? 'rural' : 'core';
    const frame = this.streetFrame(pc, rural);
    const streetText = streetName(rng, rural);
    const street = csvField(streetText);
    const cityField = csvField(city);
    const born = birthOf(rng);
    const spacing = rng.int(ADDRESS_SPACING_M[kind][0], ADDRESS_SPACING_M[kind][1]);
    // Built-up streets have houses on both sides; countryside roads a house now and then.
    const length = rural ? size * spacing : (size / 2) * spacing;
    let number = 0;
    let letters = 0;
    let suffixes = 0;
    for (let k = 0; k < size; k++) {
      if (postcode.left === 0) {
        postcode.current = pc.area.pc4 + postcodeLetters(postcode.next++);
        postcode.left = Math.max(minGroup, rng.int(POSTCODE_SIZE[kind][0], POSTCODE_SIZE[kind][1]));
      }
      postcode.left--;
      // Some houses are split: the same number again with a letter (12A) or a suffix (12-1).
      const variant = rng.next();
      let letter = '';
      let suffix = '';
      if (number > 0 && variant < HOUSE_LETTER_SHARE) letter = String.fromCharCode(65 + letters++);
      else if (number > 0 && variant < HOUSE_LETTER_SHARE + HOUSE_SUFFIX_SHARE) suffix = String(++suffixes);
      else {
        number += rng.next() < 0.85 ? 1 : 2;
        letters = 0;
        suffixes = 0;
      }
      const along = rural ? (k + rng.next() * 0.5) * spacing - length / 2 : Math.floor(k / 2) * spacing - length / 2;
      const across = rural ? (rng.next() < 0.5 ? -1 : 1) * (20 + rng.next() * 40) : k % 2 === 0 ? -12 : 12;
      metresToDegrees(frame, along, across, this.want);
      this.place(this.want[0], this.want[1], pc);
      const lon = this.at[0];
      const lat = this.at[1];
      const serial = this.addresses.length + 1;
      this.addresses.push({
        id: this.idPrefix + String(serial).padStart(10, '0'),
        postcode: postcode.current,
        number: String(number),
        letter,
        suffix,
        street: streetText,
        city,
        code: this.code,
        streetField: street,
        cityField,
        codeField: this.codeField,
        lon,
        lat,
        lonText: String(lon),
        latText: String(lat),
        rural,
        born,
        key: hash32(this.plan.key, serial),
      });
    }
  }
}

/** Every address the municipality will ever have in the demo releases, in id order. */
export function buildAddresses(plan: MunicipalityPlan): DemoAddress[] {
  const builder = new MunicipalityBuilder(plan);
  for (const pc of plan.postcodes) builder.addArea(pc);
  return builder.addresses;
}
