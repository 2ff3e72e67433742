// Computed clusters packed to be handed from a worker thread to the writing one: numbers in typed
// arrays whose buffers are handed over, and the JSON texts joined into one string. Copied as objects
// they took 0.7-1.1 s at national scale (52 k clusters of 2.1 M addresses); packed, posted and
// unpacked 0.4 s. The unpacked rows' row ids are views of the packed ones.
import type { ComputedClusters } from './index.ts';
import type { ClusterRow } from './store.ts';

export interface PackedClusters {
  distanceM: number;
  counts: ComputedClusters['counts'];
  /** NUMBERS values per row; a null up or nearest is NaN. */
  numbers: Float64Array;
  /** Per row its areas' address counts, in the order of its area codes. */
  areaCounts: Float64Array;
  /** Per row its addresses' row ids. */
  rowids: Float64Array;
  /** Per row its area codes, technologies and geometry (each JSON, so never a NUL character), joined by NUL. */
  texts: string;
}

const NUMBERS = 12;
const SEPARATOR = '\0';

/** The clusters packed; post them with packedClusterBuffers as the buffers to hand over. */
export function packClusters(computed: ComputedClusters): PackedClusters {
  const { rows } = computed;
  const numbers = new Float64Array(NUMBERS * rows.length);
  let areas = 0;
  let addresses = 0;
  for (const row of rows) {
    areas += row.areas.length;
    addresses += row.rowids.length;
  }
  const areaCounts = new Float64Array(areas);
  const rowids = new Float64Array(addresses);
  const texts: string[] = [];
  let a = 0;
  let r = 0;
  rows.forEach((row, i) => {
    const v = row.values;
    const at = NUMBERS * i;
    numbers[at] = v.down;
    numbers[at + 1] = v.up ?? Number.NaN;
    numbers[at + 2] = v.addresses;
    numbers[at + 3] = v.lon;
    numbers[at + 4] = v.lat;
    numbers[at + 5] = v.minLon;
    numbers[at + 6] = v.minLat;
    numbers[at + 7] = v.maxLon;
    numbers[at + 8] = v.maxLat;
    numbers[at + 9] = v.nearest ?? Number.NaN;
    numbers[at + 10] = row.areas.length;
    numbers[at + 11] = row.rowids.length;
    for (const [, count] of row.areas) areaCounts[a++] = count;
    rowids.set(row.rowids, r);
    r += row.rowids.length;
    texts.push(v.areaCodes, v.technologies, v.geometry);
  });
  return { distanceM: computed.distanceM, counts: computed.counts, numbers, areaCounts, rowids, texts: texts.join(SEPARATOR) };
}

/** The buffers to hand over with the packed clusters. */
export function packedClusterBuffers(p: PackedClusters): ArrayBuffer[] {
  return [p.numbers.buffer as ArrayBuffer, p.areaCounts.buffer as ArrayBuffer, p.rowids.buffer as ArrayBuffer];
}

/** The clusters as they were packed, row ids as views of the packed ones. */
export function unpackClusters(p: PackedClusters): ComputedClusters {
  const texts = p.texts === '' ? [] : p.texts.split(SEPARATOR);
  const rows: ClusterRow[] = [];
  let a = 0;
  let r = 0;
  for (let i = 0; i < p.numbers.length / NUMBERS; i++) {
    const n = p.numbers.subarray(NUMBERS * i, NUMBERS * (i + 1));
    const [areaCodes, technologies, geometry] = texts.slice(3 * i, 3 * i + 3);
    const codes = JSON.parse(areaCodes) as string[];
    if (codes.length !== n[10]) throw new Error(`packed cluster ${i}: ${codes.length} area codes for ${n[10]} counts`);
    rows.push({
      values: {
        down: n[0],
        up: Number.isNaN(n[1]) ? null : n[1],
        addresses: n[2],
        areaCodes,
        technologies,
        lon: n[3],
        lat: n[4],
        minLon: n[5],
        minLat: n[6],
        maxLon: n[7],
        maxLat: n[8],
        nearest: Number.isNaN(n[9]) ? null : n[9],
        geometry,
      },
      areas: codes.map((code) => [code, p.areaCounts[a++]]),
      rowids: p.rowids.subarray(r, (r += n[11])),
    });
  }
  return { distanceM: p.distanceM, rows, counts: p.counts };
}
