// Counts addresses per area, provider and H3 cell while the import runs, then writes the
// aggregate tables. Counts are by download/upload class (see common/constants.ts), so any allowed
// threshold is a sum. `add(…, -1)` takes an address back out when later rows change it.
import { ADDRESS_LEVEL, BEST_TECHNOLOGIES, bestTechnologyIndex, speedClass } from '../../common/constants.ts';
import { DEFAULT_DEFINITIONS, type ClassThresholds } from '../../common/definitions.ts';
import { type CellCombos, HexCounter } from '../../common/hex-counts.ts';
import type { Offer } from '../../common/types.ts';
import type { AddressRecord, BestOffer } from './address.ts';
import { bestByProvider } from './address.ts';
import { PlaceCounts } from './place-counts.ts';
import type { AggregateRows } from './store.ts';

const TECHS = BEST_TECHNOLOGIES;

export interface AggregateArea {
  code: string;
  parentCode: string | null;
}

/** A list of offers as Aggregator.prepareList works it out for addPreparedToArea. */
export interface PreparedList {
  /** Offsets of its best offer's classes in an area's counts: of all offers, and of the fixed ones. */
  all: number;
  fixedOnly: number;
  /** Per provider: its id and its best offer's classes (downClass * U + upClass). */
  providers: Int32Array;
}

export class Aggregator {
  /** [area][fixedOnly][technology][downClass][upClass]: fixedOnly 1 counts the classes of the best non-wireless offer. */
  private readonly areaCounts: Int32Array;
  /** key ((provider * areas + area) * D + downClass) * U + upClass */
  private readonly providerCounts = new Map<number, number>();
  private readonly providers: string[] = [];
  private readonly providerIndex = new Map<string, number>();
  /** per finest H3 cell (as a common/hex-key.ts key) */
  private readonly hexCounts = new HexCounter();
  /** providerClassesOf's arrays, per shared (frozen) list of offers. */
  private readonly providersOfShared = new WeakMap<readonly Offer[], Int32Array>();

  private readonly places: PlaceCounts;

  private readonly parentOf: Map<string, string | null>;
  /** Download and upload classes: one more than the thresholds of each direction. */
  private readonly D: number;
  private readonly U: number;

  /**
   * `level`: the level of `areas`, the one addresses belong to (common/levels.ts); `thresholds`: the
   * database's coverage definitions, which the classes of every address and offer are counted against.
   */
  constructor(
    private readonly areas: readonly AggregateArea[],
    private readonly level: string = ADDRESS_LEVEL,
    readonly thresholds: ClassThresholds = DEFAULT_DEFINITIONS,
  ) {
    this.D = thresholds.down.length + 1;
    this.U = thresholds.up.length + 1;
    const { D, U } = this;
    this.parentOf = new Map(areas.map((a) => [a.code, a.parentCode]));
    this.areaCounts = new Int32Array(areas.length * 2 * TECHS.length * D * U);
    this.places = new PlaceCounts(areas.map((a) => a.code));
  }

  add(address: AddressRecord, best: BestOffer, sign: 1 | -1): void {
    this.addToArea(address.area, address.offers, best, sign);
    this.hexCounts.add(address.cell, best, sign);
    this.places.add(address, sign);
  }

  /**
   * Counts `n` addresses of area `area` with these offers and this best offer (negative: takes them
   * back out) in the area and provider counts; add() also counts their cell and place.
   */
  addToArea(area: number, offers: readonly Offer[], best: BestOffer, n: number): void {
    const tech = bestTechnologyIndex(best.technology);
    const block = this.areaBlock(area);
    this.areaCounts[block + this.classesOffset(0, tech, best.downClass, best.upClass)] += n;
    this.areaCounts[block + this.classesOffset(1, tech, best.fixedDownClass, best.fixedUpClass)] += n;
    // Most addresses have one offer or none: no per-provider work for them.
    if (offers.length === 1) {
      if (offers[0].provider !== null) this.addProvider(this.providerId(offers[0].provider), offers[0], area, n);
    } else if (offers.length > 1) {
      if (Object.isFrozen(offers)) {
        let providers = this.providersOfShared.get(offers);
        if (providers === undefined) {
          providers = this.providerClassesOf(offers);
          this.providersOfShared.set(offers, providers);
        }
        this.addProviderClasses(area, providers, n);
      } else for (const [provider, offer] of bestByProvider(offers)) this.addProvider(this.providerId(provider), offer, area, n);
    }
  }

  /**
   * A list of offers with its best offer, worked out for addPreparedToArea: for counting many areas'
   * addresses of one list (an FCC BDC assembly counts each list once per area it is in).
   */
  prepareList(offers: readonly Offer[], best: BestOffer): PreparedList {
    const tech = bestTechnologyIndex(best.technology);
    return {
      all: this.classesOffset(0, tech, best.downClass, best.upClass),
      fixedOnly: this.classesOffset(1, tech, best.fixedDownClass, best.fixedUpClass),
      providers: this.providerClassesOf(offers),
    };
  }

  /** addToArea for a list prepareList worked out. */
  addPreparedToArea(area: number, list: PreparedList, n: number): void {
    const block = this.areaBlock(area);
    this.areaCounts[block + list.all] += n;
    this.areaCounts[block + list.fixedOnly] += n;
    this.addProviderClasses(area, list.providers, n);
  }

  /**
   * Counts an address without a place name (an FCC BDC location) in its H3 cell, by its best offer's
   * cellCombos (worked out once per list of offers); addToArea counts it in its area.
   */
  addToCell(cell: number, combos: CellCombos): void {
    this.hexCounts.addCombos(cell, combos, 1);
  }

  /** Where an area's counts start in areaCounts. */
  private areaBlock(area: number): number {
    return area * 2 * TECHS.length * this.D * this.U;
  }

  /** Where a best offer's classes are counted in an area's block: of all offers (fixedOnly 0) or the fixed ones (1). */
  private classesOffset(fixedOnly: 0 | 1, tech: number, downClass: number, upClass: number): number {
    return ((fixedOnly * TECHS.length + tech) * this.D + downClass) * this.U + upClass;
  }

  /** Each provider's best offer in a list: pairs of its id and classes (downClass * U + upClass). */
  private providerClassesOf(offers: readonly Offer[]): Int32Array {
    return Int32Array.from([...bestByProvider(offers)].flatMap(([provider, offer]) => [this.providerId(provider), this.classesOf(offer)]));
  }

  /** An offer's classes as one number: downClass * U + upClass. */
  private classesOf(offer: { down: number; up: number }): number {
    const { U, thresholds } = this;
    return speedClass(offer.down, thresholds.down) * U + speedClass(offer.up, thresholds.up);
  }

  /** Counts `n` addresses of an area for each (provider, classes) pair of providerClassesOf. */
  private addProviderClasses(area: number, providers: Int32Array, n: number): void {
    for (let i = 0; i < providers.length; i += 2) this.countProvider(providers[i], area, providers[i + 1], n);
  }

  private addProvider(provider: number, offer: { down: number; up: number }, area: number, n: number): void {
    this.countProvider(provider, area, this.classesOf(offer), n);
  }

  private countProvider(provider: number, area: number, classes: number, n: number): void {
    const key = (provider * this.areas.length + area) * this.D * this.U + classes;
    this.providerCounts.set(key, (this.providerCounts.get(key) ?? 0) + n);
  }

  /** Addresses counted, and those whose best classes are at least `downClass` and `upClass`. */
  totals(downClass: number, upClass = 0): { addresses: number; covered: number } {
    const { D, U } = this;
    let addresses = 0;
    let covered = 0;
    this.areaCounts.forEach((n, i) => {
      if (Math.floor(i / (U * D * TECHS.length)) % 2 === 1) return;
      addresses += n;
      if (Math.floor(i / U) % D >= downClass && i % U >= upClass) covered += n;
    });
    return { addresses, covered };
  }

  /**
   * The rows of area_stats, provider_stats, hex_stats and place_stats, without the release id;
   * hex_stats down to `finestHexRes` (common/constants.ts finestHexResolution).
   */
  rows(parentLevel: (code: string) => string | null, finestHexRes?: number): AggregateRows {
    return {
      area: this.areaRows(parentLevel),
      provider: this.providerRows(parentLevel),
      hex: this.hexCounts.columns(finestHexRes),
      place: this.places.rows(),
    };
  }

  private providerId(provider: string): number {
    let id = this.providerIndex.get(provider);
    if (id === undefined) {
      id = this.providers.push(provider) - 1;
      this.providerIndex.set(provider, id);
    }
    return id;
  }

  /** Rolls municipality counts up to each area's parent and to the whole set ('all', ''). */
  private rollUp<K>(
    parentLevel: (code: string) => string | null,
    visit: (add: (level: string, code: string, key: K, n: number) => void) => void,
  ) {
    const totals = new Map<string, { level: string; code: string; key: K; n: number }>();
    const add = (level: string, code: string, key: K, n: number) => {
      const id = `${level}\t${code}\t${JSON.stringify(key)}`;
      const entry = totals.get(id);
      if (entry) entry.n += n;
      else totals.set(id, { level, code, key, n });
    };
    visit((level, code, key, n) => {
      add(level, code, key, n);
      add('all', '', key, n);
      const parent = this.parentOf.get(code);
      if (parent) add(parentLevel(parent) ?? 'parent', parent, key, n);
    });
    return [...totals.values()].filter((t) => t.n !== 0);
  }

  private areaRows(parentLevel: (code: string) => string | null) {
    const { D, U } = this;
    return this.rollUp<[0 | 1, string, number, number]>(parentLevel, (add) => {
      this.areaCounts.forEach((n, i) => {
        if (n === 0) return;
        const upClass = i % U;
        const downClass = Math.floor(i / U) % D;
        const tech = Math.floor(i / (U * D)) % TECHS.length;
        const fixed = (Math.floor(i / (U * D * TECHS.length)) % 2) as 0 | 1;
        const area = Math.floor(i / (U * D * TECHS.length * 2));
        add(this.level, this.areas[area].code, [fixed, TECHS[tech], downClass, upClass], n);
      });
    }).map((t) => ({
      level: t.level,
      areaCode: t.code,
      fixedOnly: t.key[0],
      technology: t.key[1],
      downClass: t.key[2],
      upClass: t.key[3],
      addresses: t.n,
    }));
  }

  private providerRows(parentLevel: (code: string) => string | null) {
    const { D, U } = this;
    return this.rollUp<[string, number, number]>(parentLevel, (add) => {
      for (const [key, n] of this.providerCounts) {
        if (n === 0) continue;
        const upClass = key % U;
        const downClass = Math.floor(key / U) % D;
        const area = Math.floor(key / (U * D)) % this.areas.length;
        const provider = Math.floor(key / (U * D * this.areas.length));
        add(this.level, this.areas[area].code, [this.providers[provider], downClass, upClass], n);
      }
    }).map((t) => ({ level: t.level, areaCode: t.code, provider: t.key[0], downClass: t.key[1], upClass: t.key[2], addresses: t.n }));
  }
}
