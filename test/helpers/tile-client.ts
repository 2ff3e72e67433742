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
