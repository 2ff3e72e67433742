// `atlas export --format pmtiles`: every tile layer (areas, hexes, uncovered, clusters) of one release
// and threshold, and the `changes` layer of that release against the one before it (when there is one),
// for z0–14 over the loaded areas in one PMTiles v3 archive, rendered by the server's own
// tile code (server/tiles/). A tile holds the non-empty layers one after another (an MVT tile is a
// sequence of layers), gzipped as the server sends them; empty tiles are left out, identical tiles are
// stored once (and runs of them as one entry). Tile data goes to a side file in tile-id order
// (clustered) and is appended after the directories at the end.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, rmSync, writeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { TILE_LAYERS } from '../../common/constants.ts';
import type { Store } from '../store/index.ts';
import { createTileLayers } from '../tiles/index.ts';
import { CHANGES_LAYER } from '../tiles/changes.ts';
import { gzipTile, renderPyramid } from '../tiles/pyramid.ts';
import type { TileLayerSource } from '../tiles/registry.ts';
import { buildDirectories, HEADER_BYTES, serializeHeader, type Entry } from './pmtiles-format.ts';
import type { ExportSelection } from './selection.ts';

export { tilesOver } from '../tiles/pyramid.ts';

export const PMTILES_MIN_ZOOM = 0;
export const PMTILES_MAX_ZOOM = 14;

export interface PmtilesOptions {
  maxTilePoints: number;
  minZoom?: number;
  maxZoom?: number;
  onZoom?: (z: number, tiles: number) => void;
}

export interface PmtilesResult {
  bytes: number;
  addressedTiles: number;
  tileEntries: number;
  tileContents: number;
  tilesPerZoom: number[];
}

/** Writes the archive into `file`. */
export async function writePmtiles(store: Store, file: string, sel: ExportSelection, options: PmtilesOptions): Promise<PmtilesResult> {
  const minZoom = options.minZoom ?? PMTILES_MIN_ZOOM;
  const maxZoom = options.maxZoom ?? PMTILES_MAX_ZOOM;
  const bounds = store.areas.bounds();
  if (!bounds) throw new Error('no areas are loaded');
  const registry = createTileLayers(store, options.maxTilePoints, { walk: true });
  const layers: ArchiveLayer[] = TILE_LAYERS.map((name) => registry.get(name)!);
  const releases = store.releases.list();
  const from = releases[releases.findIndex((r) => r.id === sel.release.id) - 1];
  // The changes layer compares the release with the one before it, as the server's default pair does.
  if (from) {
    const { changes } = registry;
    layers.push({ ...changes, render: (req) => changes.render({ ...req, from, to: sel.release }) });
  }
  const pair = from ? { from: from.label, to: sel.release.label, synthetic: from.synthetic || sel.release.synthetic } : null;
  const dataFile = `${file}.data`;
  try {
    return await writeArchive(file, dataFile, bounds, layers, sel, pair, minZoom, maxZoom, options);
  } finally {
    rmSync(dataFile, { force: true });
  }
}

/** A layer of the archive: a one-release layer, or `changes` bound to its pair. */
type ArchiveLayer = Omit<TileLayerSource, 'name'> & { name: string };

async function writeArchive(
  file: string,
  dataFile: string,
  bounds: [number, number, number, number],
  layers: ArchiveLayer[],
  sel: ExportSelection,
  changes: { from: string; to: string; synthetic: boolean } | null,
  minZoom: number,
  maxZoom: number,
  options: PmtilesOptions,
): Promise<PmtilesResult> {
  const data = openSync(dataFile, 'w');
  const entries: Entry[] = [];
  const offsets = new Map<string, { offset: number; length: number }>();
  const tilesPerZoom: number[] = new Array(maxZoom - minZoom + 1).fill(0);
  let dataLength = 0;
  let addressed = 0;
  let reported = minZoom - 1;
  const reportUpTo = (z: number) => {
    for (; reported < z; ) {
      reported++;
      options.onZoom?.(reported, tilesPerZoom[reported - minZoom]);
    }
  };
  const render = (z: number, x: number, y: number): Uint8Array | null => {
    const parts = layers
      .filter((l) => z >= l.minzoom && z <= l.maxzoom)
      .map((l) => l.render({ z, x, y, release: sel.release, threshold: sel.threshold }))
      .filter((raw): raw is Uint8Array => raw !== null);
    return parts.length === 0 ? null : Buffer.concat(parts);
  };
  try {
    for (const { z, id, raw } of renderPyramid(bounds, minZoom, maxZoom, render)) {
      reportUpTo(z - 1);
      const key = createHash('sha1').update(raw).digest('base64');
      let stored = offsets.get(key);
      if (!stored) {
        const gz = gzipTile(raw);
        stored = { offset: dataLength, length: gz.length };
        writeSync(data, gz);
        dataLength += gz.length;
        offsets.set(key, stored);
      }
      addressed++;
      tilesPerZoom[z - minZoom]++;
      const last = entries.at(-1);
      if (last && last.offset === stored.offset && last.tileId + last.runLength === id) last.runLength++;
      else entries.push({ tileId: id, offset: stored.offset, length: stored.length, runLength: 1 });
    }
    reportUpTo(maxZoom);
  } finally {
    closeSync(data);
  }

  const metadata = gzipSync(
    JSON.stringify({
      name: 'Gigabit Atlas',
      description: `Broadband coverage tiles of release ${sel.release.label} at ${sel.threshold.down} Mbit/s`,
      attribution: sel.attribution.join('; '),
      type: 'overlay',
      version: '1',
      release: sel.release.label,
      synthetic: sel.release.synthetic,
      threshold: sel.threshold,
      // The pair the `changes` layer compares (null: the release is the oldest, no changes layer).
      [CHANGES_LAYER]: changes,
      vector_layers: layers.map((l) => ({
        id: l.name,
        description: l.description,
        minzoom: Math.max(minZoom, l.minzoom),
        maxzoom: Math.min(maxZoom, l.maxzoom),
        fields: l.fields,
      })),
    }),
  );
  const { root, leaves } = buildDirectories(entries);
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leavesOffset = metadataOffset + metadata.length;
  const tileDataOffset = leavesOffset + leaves.length;
  const centerZoom = Math.max(minZoom, Math.min(maxZoom, Math.floor(Math.log2(360 / Math.max(bounds[2] - bounds[0], 1e-6)))));
  const header = serializeHeader({
    rootDirectoryOffset: rootOffset,
    rootDirectoryLength: root.length,
    jsonMetadataOffset: metadataOffset,
    jsonMetadataLength: metadata.length,
    leafDirectoryOffset: leavesOffset,
    leafDirectoryLength: leaves.length,
    tileDataOffset,
    tileDataLength: dataLength,
    numAddressedTiles: addressed,
    numTileEntries: entries.length,
    numTileContents: offsets.size,
    minZoom,
    maxZoom,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, centerZoom],
  });
  const out = createWriteStream(file);
  for (const part of [header, root, metadata, leaves]) out.write(part);
  await pipeline(createReadStream(dataFile), out);
  return {
    bytes: tileDataOffset + dataLength,
    addressedTiles: addressed,
    tileEntries: entries.length,
    tileContents: offsets.size,
    tilesPerZoom,
  };
}
