// Fetches tiles over raw HTTP (no transparent gunzip) and decodes them with @mapbox/vector-tile.
import { VectorTile } from '@mapbox/vector-tile';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { PbfReader } from 'pbf';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

export interface DecodedFeature {
  id: number | undefined;
  type: number;
  properties: Record<string, string | number | boolean>;
  geometry: { x: number; y: number }[][];
}

/** Features of one layer of a tile response (gzip or not); [] for 204. */
export function decodeLayer(res: RawResponse, layer: string): DecodedFeature[] {
  if (res.status === 204) return [];
  const bytes = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.body) : res.body;
  const tile = new VectorTile(new PbfReader(bytes));
  const l = tile.layers[layer];
  if (!l) return [];
  return Array.from({ length: l.length }, (_, i) => {
    const f = l.feature(i);
    return { id: f.id, type: f.type, properties: f.properties, geometry: f.loadGeometry() };
  });
}

/** Tiles [z, x, y] covering a bbox at a zoom. */
export function tilesCovering([w, s, e, n]: number[], z: number): [number, number, number][] {
  const count = 2 ** z;
  const tx = (lon: number) => Math.min(count - 1, Math.floor(((lon + 180) / 360) * count));
  const ty = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.min(count - 1, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * count));
  };
  const out: [number, number, number][] = [];
  for (let x = tx(w); x <= tx(e); x++) for (let y = ty(n); y <= ty(s); y++) out.push([z, x, y]);
  return out;
}
