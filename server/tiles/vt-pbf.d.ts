// vt-pbf ships no types; this is the one function the tile layers use.
declare module 'vt-pbf' {
  import type { LegacyFeature } from 'geojson-vt';
  export function fromGeojsonVt(
    layers: Record<string, { features: LegacyFeature[] }>,
    options?: { version?: number; extent?: number },
  ): Uint8Array;
}
