// The MVT layer writer against @maplibre/vt-pbf as the oracle: seeded random layers of points, lines
// and polygons, with ids of every kind and tags of every type (repeated, null, over-long, nested), must
// encode to the same bytes as vt-pbf's fromGeojsonVt of the same features with their long strings cut.
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { VectorTile } from '@mapbox/vector-tile';
import type { LegacyFeature } from 'geojson-vt';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { encodeMvtLayer } from '../../server/tiles/mvt-writer.ts';
import { seededRandom } from '../helpers/random.ts';

const EXTENT = 4096;
const MAX_STRING = 12;

/** The reference: long strings cut as the writer does, then vt-pbf. */
function reference(name: string, features: LegacyFeature[]): Uint8Array {
  const capped = features.map((f) => {
    const tags = Object.fromEntries(
      Object.entries(f.tags ?? {}).map(([k, v]) => [
        k,
        typeof v === 'string' && v.length > MAX_STRING ? `${v.slice(0, MAX_STRING - 1)}…` : v,
      ]),
    );
    return f.tags ? { ...f, tags } : f;
  });
  return fromGeojsonVt({ [name]: { features: capped } }, { version: 2, extent: EXTENT });
}

function randomLayer(random: () => number): LegacyFeature[] {
  const int = (n: number) => Math.floor(random() * n);
  const coord = () => int(EXTENT + 256) - 128;
  const pick = <T>(items: readonly T[]) => items[int(items.length)];
  const values = [
    () => int(5),
    () => String(int(5)),
    () => pick(['true', 'false']),
    () => -int(1000),
    () => random() * 100,
    () => pick(['FTTH', 'CABLE', 'NONE', '']),
    () => `id-${int(100_000)}`,
    () => 'x'.repeat(int(30)),
    () => random() < 0.5,
    () => null,
    () => -0,
    () => ({ nested: [int(3), 'a'] }),
    () => 2 ** 40 + int(10),
  ];
  const features: LegacyFeature[] = [];
  for (let i = int(40); i >= 0; i--) {
    const type = (1 + int(3)) as 1 | 2 | 3;
    const ring = () => Array.from({ length: 1 + int(6) }, () => [coord(), coord()]);
    let geometry: number[][] | number[][][];
    if (type === 1) geometry = ring();
    else if (type === 2) geometry = Array.from({ length: 1 + int(2) }, ring);
    else
      geometry = Array.from({ length: 1 + int(2) }, () => {
        const r = ring();
        if (random() < 0.7) r.push([...r[0]]); // closed, as geojson-vt gives rings
        return r;
      });
    const tags: Record<string, unknown> = {};
    for (let k = int(5); k > 0; k--) tags[pick(['count', 'cell', 'address_id', 'best_down', 'name', 'flag'])] = pick(values)();
    const feature = { type, geometry, tags: random() < 0.1 ? null : tags } as unknown as LegacyFeature;
    const id = pick([undefined, int(10_000), String(int(500)), 'abc', Number.NaN, 'none']);
    if (id !== 'none') (feature as { id?: unknown }).id = id;
    features.push(feature);
  }
  return features;
}

describe('encodeMvtLayer', () => {
  it('writes the bytes vt-pbf writes, for 500 random layers', () => {
    const random = seededRandom(15);
    let nonEmpty = 0;
    for (let i = 0; i < 500; i++) {
      const features = randomLayer(random);
      const got = encodeMvtLayer('layer', features, EXTENT, MAX_STRING);
      expect(got).not.toBeNull();
      expect(Buffer.from(got!).equals(Buffer.from(reference('layer', features))), `layer ${i}`).toBe(true);
      nonEmpty++;
    }
    expect(nonEmpty).toBe(500);
  });

  it('cuts long strings and decodes to the features given', () => {
    const features = [
      { type: 1, id: 7, geometry: [[10, 20]], tags: { address_id: 'A'.repeat(50), count: 1, best_down: 0.5 } },
      { type: 1, id: 8, geometry: [[30, 40]], tags: { address_id: 'short', count: 1, best_down: 0.5 } },
    ] as unknown as LegacyFeature[];
    const layer = new VectorTile(new PbfReader(encodeMvtLayer('uncovered', features, EXTENT, MAX_STRING)!)).layers.uncovered;
    expect(layer.length).toBe(2);
    expect(layer.feature(0).id).toBe(7);
    expect(layer.feature(0).properties).toEqual({ address_id: `${'A'.repeat(MAX_STRING - 1)}…`, count: 1, best_down: 0.5 });
    expect(layer.feature(1).loadGeometry()).toEqual([[{ x: 30, y: 40 }]]);
  });

  it('writes nothing for no features', () => {
    expect(encodeMvtLayer('empty', [], EXTENT, MAX_STRING)).toBeNull();
  });
});
