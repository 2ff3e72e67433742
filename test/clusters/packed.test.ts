// Computed clusters packed for the hand-over from a worker thread come back unpacked exactly as they
// were: nulls (a download threshold's up, no covered address), areas with their counts, row ids past
// 2^32, texts with every JSON escape, and no clusters at all.
import { describe, expect, it } from 'vitest';
import type { ComputedClusters } from '../../pipeline/clusters/index.ts';
import { packClusters, packedClusterBuffers, unpackClusters } from '../../pipeline/clusters/packed.ts';
import type { ClusterRow } from '../../pipeline/clusters/store.ts';

function row(i: number, up: number | null, nearest: number | null, areas: [string, number][], rowids: number[]): ClusterRow {
  return {
    values: {
      down: 100 * (i + 1),
      up,
      addresses: rowids.length,
      areaCodes: JSON.stringify(areas.map(([code]) => code)),
      technologies: JSON.stringify(['FTTH', 'NONE']),
      lon: 5.1 + i,
      lat: 52.3 - i,
      minLon: 5 + i,
      minLat: 52 - i,
      maxLon: 5.2 + i,
      maxLat: 52.4 - i,
      nearest,
      geometry: JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [5, 52],
            [5.2, 52],
            [5.1, 52.4],
            [5, 52],
          ],
        ],
      }),
    },
    areas,
    rowids,
  };
}

describe('packClusters / unpackClusters', () => {
  it('gives back every row as it was', () => {
    const computed: ComputedClusters = {
      distanceM: 250,
      rows: [
        row(
          0,
          null,
          12.5,
          [
            ['GM0363', 3],
            ['GM0\u0000"ü', 1],
          ],
          [1, 2, 3, 2 ** 40 + 7],
        ),
        row(1, 20, null, [['06037', 2]], [9, 11]),
        row(2, null, 0, [], []),
      ],
      counts: [
        { down: 100, clusters: 1, addresses: 4 },
        { down: 100, up: 20, clusters: 1, addresses: 2 },
      ],
    };
    const packed = packClusters(computed);
    expect(packedClusterBuffers(packed)).toHaveLength(3);
    // Through a real structured clone, its buffers handed over, as the worker posts it.
    const posted = structuredClone(packed, { transfer: packedClusterBuffers(packed) });
    expect(packed.rowids.length).toBe(0);
    const unpacked = unpackClusters(posted);
    // Row ids come back as views of the packed ones.
    expect(unpacked.rows.map((r) => Array.from(r.rowids))).toEqual(computed.rows.map((r) => r.rowids));
    expect({ ...unpacked, rows: unpacked.rows.map((r) => ({ ...r, rowids: Array.from(r.rowids) })) }).toEqual(computed);
  });

  it('gives back no clusters as none', () => {
    const none: ComputedClusters = { distanceM: 100, rows: [], counts: [{ down: 30, clusters: 0, addresses: 0 }] };
    expect(unpackClusters(packClusters(none))).toEqual(none);
  });
});
