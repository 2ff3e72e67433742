// Broadband serviceable locations of the US demo, placed inside their real county: a seeded number
// per county, most of them around a few towns (points drawn in the county polygon), the rest spread
// over the county. A location is its H3 resolution-8 cell, as in the BDC: the point drawn and the
// cell's centre both lie in the county. Block GEOIDs start with the county's FIPS code.
import { pointOnFeature } from '@turf/point-on-feature';
import { cellToLatLng, latLngToCell } from 'h3-js';
import { LOCATIONS_PER_COUNTY, MIXED_SHARE, NEW_LOCATION_SHARE, RESIDENTIAL_SHARE } from './us-calibration.ts';
import type { UsCounty } from './us-areas.ts';
import { AreaShape } from './polygon.ts';
import { hash32, hashString, Rng, unitHash } from './random.ts';

export interface UsLocation {
  /** The FCC location id: a 10-digit number as text. */
  id: string;
  county: string;
  /** 15-digit census block GEOID: county FIPS (5), tract (6), block (4). */
  block: string;
  /** H3 resolution-8 cell. */
  cell: string;
  /** Placed around a town (denser, better served) rather than in the countryside. */
  town: boolean;
  /** Index of the first release the location is in. */
  born: number;
  brc: 'R' | 'B' | 'X';
  /** Key of the location's own seeded draws (unitHash). */
  key: number;
}

/** One county's locations with what shaped them. */
export interface CountyLocations {
  county: UsCounty;
  /** The county's size relative to the average (seeded, lognormal). */
  weight: number;
  locations: UsLocation[];
}

const H3_RES = 8;
const TOWN_SIGMA_DEG = 0.025;
const MAX_TRIES = 200;
/** Salts of unitHash draws, so each draw of a location is independent of the others. */
export const SALT = {
  brc: 1,
  born: 2,
  fibre: 10,
  fibreSpeed: 11,
  fibreProvider: 12,
  cable: 20,
  cableSpeed: 21,
  copper: 30,
  copperSpeed: 31,
  unlicensed: 40,
  licensed: 41,
  lbr: 42,
  wirelessSpeed: 43,
  gso: 50,
  ngso: 51,
  other: 60,
} as const;

/** A cell whose centre lies in the shape, for a point in it; null when the centre falls outside. */
function cellInside(shape: AreaShape, lon: number, lat: number): string | null {
  if (!shape.contains(lon, lat)) return null;
  const cell = latLngToCell(lat, lon, H3_RES);
  const [clat, clon] = cellToLatLng(cell);
  return shape.contains(clon, clat) ? cell : null;
}

/** A uniform cell in the county, or a point on it when the polygon is too thin for the draws. */
function anywhere(county: UsCounty, shape: AreaShape, rng: Rng): string {
  for (let i = 0; i < MAX_TRIES; i++) {
    const lon = shape.minLon + rng.next() * (shape.maxLon - shape.minLon);
    const lat = shape.minLat + rng.next() * (shape.maxLat - shape.minLat);
    const cell = cellInside(shape, lon, lat);
    if (cell) return cell;
  }
  const [lon, lat] = pointOnFeature(county.geometry).geometry.coordinates;
  return latLngToCell(lat, lon, H3_RES);
}

function near(shape: AreaShape, town: string, rng: Rng): string | null {
  const [lat0, lon0] = cellToLatLng(town);
  const lonScale = 1 / Math.max(0.2, Math.cos((lat0 * Math.PI) / 180));
  for (let i = 0; i < 20; i++) {
    const cell = cellInside(shape, lon0 + rng.normal() * TOWN_SIGMA_DEG * lonScale, lat0 + rng.normal() * TOWN_SIGMA_DEG);
    if (cell) return cell;
  }
  return null;
}

function blockOf(county: string, cell: string, n: number): string {
  const h = hashString(cell);
  const tract = String(((h % 9900) + 100) * 100).padStart(6, '0');
  const block = String(1000 + (((h >>> 14) + n) % 4000));
  return `${county}${tract}${block}`;
}

/**
 * The locations of each county, counties in code order; ids count up from 1 000 000 000 in that
 * order. The same counties, scale and seed give the same locations.
 */
export function placeLocations(counties: readonly UsCounty[], scale: number, seed: number): CountyLocations[] {
  let serial = 1_000_000_000;
  return counties.map((county) => {
    const rng = new Rng(hash32(seed, hashString(county.code)));
    const shape = new AreaShape(county.geometry);
    const weight = Math.min(6, Math.max(0.15, Math.exp(0.8 * rng.normal())));
    const count = Math.max(2, Math.round(scale * LOCATIONS_PER_COUNTY * weight));
    const towns = Array.from({ length: Math.min(8, 1 + Math.floor(2 * weight)) }, () => anywhere(county, shape, rng));
    const townShare = Math.min(0.9, Math.max(0.25, 0.55 + 0.2 * Math.log(weight)));
    const locations: UsLocation[] = [];
    for (let i = 0; i < count; i++) {
      const key = hash32(seed, serial);
      const inTown = rng.next() < townShare ? near(shape, towns[i % towns.length], rng) : null;
      const cell = inTown ?? anywhere(county, shape, rng);
      const r = unitHash(key, SALT.brc);
      locations.push({
        id: String(serial++),
        county: county.code,
        block: blockOf(county.code, cell, i),
        cell,
        town: inTown !== null,
        born: unitHash(key, SALT.born) < NEW_LOCATION_SHARE ? 1 : 0,
        brc: r < RESIDENTIAL_SHARE ? 'R' : r < RESIDENTIAL_SHARE + MIXED_SHARE ? 'X' : 'B',
        key,
      });
    }
    return { county, weight, locations };
  });
}
