// Writes one Mapbox Vector Tile layer (MVT 2.1) from features in tile coordinates (geojson-vt's
// LegacyFeature: points as [x, y] pairs, lines and rings as arrays of them), with pbf. The same
// fields in the same order as @maplibre/vt-pbf's fromGeojsonVt, so the bytes are the same (the test
// checks them against it), without its per-vertex Point objects and with Map caches for the keys and
// values instead of objects keyed by "type:value" strings, which cost most of an uncovered tile of
// single addresses (every address id is a new value).
import type { LegacyFeature } from 'geojson-vt';
import { PbfWriter } from 'pbf';

/** What writeLayer needs, passed through pbf's message callbacks. */
interface LayerContext {
  name: string;
  extent: number;
  features: readonly LegacyFeature[];
  /** Longest string value (characters); longer ones are cut and end in '…' (not other values, written as JSON). */
  maxString: number;
  keys: string[];
  values: (string | number | boolean)[];
  keyIndex: Map<string, number>;
  /** By value: a Map tells 1 from '1' and true from 'true' (SameValueZero), as vt-pbf's "type:value" keys do. */
  valueIndex: Map<string | number | boolean, number>;
  feature: LegacyFeature | null;
}

/** The MVT bytes of one layer `name` holding `features`, or null when there are none. */
export function encodeMvtLayer(name: string, features: readonly LegacyFeature[], extent: number, maxString: number): Uint8Array | null {
  if (features.length === 0) return null;
  const context: LayerContext = {
    name,
    extent,
    features,
    maxString,
    keys: [],
    values: [],
    keyIndex: new Map(),
    valueIndex: new Map(),
    feature: null,
  };
  const pbf = new PbfWriter();
  pbf.writeMessage(3, writeLayer, context);
  return pbf.finish();
}

function writeLayer(context: LayerContext, pbf: PbfWriter): void {
  pbf.writeVarintField(15, 2);
  pbf.writeStringField(1, context.name);
  pbf.writeVarintField(5, context.extent);
  for (const feature of context.features) {
    context.feature = feature;
    pbf.writeMessage(2, writeFeature, context);
  }
  for (const key of context.keys) pbf.writeStringField(3, key);
  for (const value of context.values) pbf.writeMessage(4, writeValue, value);
}

/** The feature's id as vt-pbf takes it: a number (not NaN), or a string through parseInt (NaN is written as 0); else none. */
function featureId(feature: LegacyFeature): number | undefined {
  if (!('id' in feature)) return undefined;
  const id = feature.id as unknown;
  if (typeof id === 'string') return Number.parseInt(id, 10);
  return typeof id === 'number' && !Number.isNaN(id) ? id : undefined;
}

function writeFeature(context: LayerContext, pbf: PbfWriter): void {
  const feature = context.feature!;
  const id = featureId(feature);
  if (id !== undefined) pbf.writeVarintField(1, id);
  pbf.writeMessage(2, writeTags, context);
  pbf.writeVarintField(3, feature.type);
  pbf.writeMessage(4, writeGeometry, feature);
}

function writeTags(context: LayerContext, pbf: PbfWriter): void {
  const tags = context.feature!.tags as Record<string, unknown> | null | undefined;
  for (const key in tags) {
    let value = tags[key];
    if (value === null || value === undefined) continue;
    let k = context.keyIndex.get(key);
    if (k === undefined) {
      k = context.keys.push(key) - 1;
      context.keyIndex.set(key, k);
    }
    pbf.writeVarint(k);
    if (typeof value === 'string') {
      if (value.length > context.maxString) value = `${value.slice(0, context.maxString - 1)}…`;
    } else if (typeof value !== 'number' && typeof value !== 'boolean') value = JSON.stringify(value);
    pbf.writeVarint(valueIndex(context, value as string | number | boolean));
  }
}

function valueIndex(context: LayerContext, value: string | number | boolean): number {
  let v = context.valueIndex.get(value);
  if (v === undefined) {
    v = context.values.push(value) - 1;
    context.valueIndex.set(value, v);
  }
  return v;
}

function command(id: number, count: number): number {
  return (count << 3) + (id & 7);
}

function zigzag(n: number): number {
  return (n << 1) ^ (n >> 31);
}

function writeGeometry(feature: LegacyFeature, pbf: PbfWriter): void {
  const type = feature.type;
  const rings = (type === 1 ? [feature.geometry] : feature.geometry) as unknown as (readonly number[])[][];
  let x = 0;
  let y = 0;
  for (const ring of rings) {
    pbf.writeVarint(command(1, type === 1 ? ring.length : 1));
    const last = ring[ring.length - 1];
    // A polygon ring's closing point is left to ClosePath.
    const count = type === 3 && ring.length > 1 && last[0] === ring[0][0] && last[1] === ring[0][1] ? ring.length - 1 : ring.length;
    for (let i = 0; i < count; i++) {
      if (i === 1 && type !== 1) pbf.writeVarint(command(2, count - 1));
      const dx = ring[i][0] - x;
      const dy = ring[i][1] - y;
      pbf.writeVarint(zigzag(dx));
      pbf.writeVarint(zigzag(dy));
      x += dx;
      y += dy;
    }
    if (type === 3) pbf.writeVarint(command(7, 1));
  }
}

function writeValue(value: string | number | boolean, pbf: PbfWriter): void {
  if (typeof value === 'string') pbf.writeStringField(1, value);
  else if (typeof value === 'boolean') pbf.writeBooleanField(7, value);
  else if (value % 1 !== 0) pbf.writeDoubleField(3, value);
  else if (value < 0) pbf.writeSVarintField(6, value);
  else pbf.writeVarintField(5, value);
}
