// Smooth value noise over lon/lat: nearby addresses get similar values, so whatever is ranked by it
// (the last addresses to get gigabit) forms patches a few kilometres across instead of scattered dots.
import { hash32 } from './random.ts';

function lattice(seed: number, ix: number, iy: number): number {
  return hash32(seed, ix, iy) / 4294967296;
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Bilinear value noise in [0, 1) on an integer lattice. */
export function valueNoise(seed: number, x: number, y: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = smooth(x - ix);
  const fy = smooth(y - iy);
  const top = lattice(seed, ix, iy) * (1 - fx) + lattice(seed, ix + 1, iy) * fx;
  const bottom = lattice(seed, ix, iy + 1) * (1 - fx) + lattice(seed, ix + 1, iy + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}

/** Two octaves: patches of ~3 km with ~1 km detail. */
export function patchField(seed: number, lon: number, lat: number): number {
  return 0.7 * valueNoise(seed, lon / 0.045, lat / 0.027) + 0.3 * valueNoise(seed ^ 0x5bd1e995, lon / 0.015, lat / 0.009);
}
