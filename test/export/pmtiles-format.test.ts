// The PMTiles v3 encoder against the `pmtiles` reader: an archive large enough to need leaf
// directories, with runs and shared contents, reads back tile for tile.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Compression, TileType, tileIdToZxy } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectories, HEADER_BYTES, serializeHeader, type Entry } from '../../server/export/pmtiles-format.ts';
import { openArchive } from '../helpers/pmtiles-source.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-pmtiles-format-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Tile id -> its content number, or none: some ids are left out, short runs share contents, the rest scatter over 30 000 contents. */
function contentOf(id: number): number | null {
  if (id % 7 === 3) return null;
  if (id % 13 < 4) return 1_000_000 + Math.floor(id / 13);
  return (id * 2_654_435_761) % 30_011;
}

describe('PMTiles v3 encoding', () => {
  it('reads back every tile through the pmtiles reader, leaf directories included', async () => {
    const contents = new Map<number, { offset: number; length: number }>();
    const chunks: Buffer[] = [];
    let dataLength = 0;
    const entries: Entry[] = [];
    const ids = 60_000;
    let addressed = 0;
    for (let id = 0; id < ids; id++) {
      const c = contentOf(id);
      if (c === null) continue;
      addressed++;
      let stored = contents.get(c);
      if (!stored) {
        const gz = gzipSync(Buffer.from(`tile ${c}`));
        stored = { offset: dataLength, length: gz.length };
        chunks.push(gz);
        dataLength += gz.length;
        contents.set(c, stored);
      }
      const last = entries.at(-1);
      if (last && last.offset === stored.offset && last.tileId + last.runLength === id) last.runLength++;
      else entries.push({ tileId: id, offset: stored.offset, length: stored.length, runLength: 1 });
    }
    const { root, leaves } = buildDirectories(entries);
    expect(leaves.length, 'the entries need leaf directories').toBeGreaterThan(0);
    expect(HEADER_BYTES + root.length).toBeLessThanOrEqual(16384);
    const metadata = gzipSync(JSON.stringify({ vector_layers: [] }));
    const offsets = [HEADER_BYTES, HEADER_BYTES + root.length, HEADER_BYTES + root.length + metadata.length];
    const tileDataOffset = offsets[2] + leaves.length;
    const header = serializeHeader({
      rootDirectoryOffset: offsets[0],
      rootDirectoryLength: root.length,
      jsonMetadataOffset: offsets[1],
      jsonMetadataLength: metadata.length,
      leafDirectoryOffset: offsets[2],
      leafDirectoryLength: leaves.length,
      tileDataOffset,
      tileDataLength: dataLength,
      numAddressedTiles: addressed,
      numTileEntries: entries.length,
      numTileContents: contents.size,
      minZoom: 0,
      maxZoom: 8,
      bounds: [4.5, 51.5, 6.25, 53.125],
      center: [5.5, 52.25, 7],
    });
    const file = join(dir, 'synthetic.pmtiles');
    writeFileSync(file, Buffer.concat([header, root, metadata, leaves, ...chunks]));

    const archive = openArchive(file);
    const h = await archive.getHeader();
    expect(h).toMatchObject({
      specVersion: 3,
      clustered: true,
      internalCompression: Compression.Gzip,
      tileCompression: Compression.Gzip,
      tileType: TileType.Mvt,
      minZoom: 0,
      maxZoom: 8,
      minLon: 4.5,
      minLat: 51.5,
      maxLon: 6.25,
      maxLat: 53.125,
      centerZoom: 7,
      centerLon: 5.5,
      centerLat: 52.25,
      numAddressedTiles: addressed,
      numTileEntries: entries.length,
      numTileContents: contents.size,
    });
    for (let id = 0; id < ids; id += id < 2000 ? 1 : 97) {
      const [z, x, y] = tileIdToZxy(id);
      const tile = await archive.getZxy(z, x, y);
      const c = contentOf(id);
      if (c === null) expect(tile, `tile ${id}`).toBeUndefined();
      else expect(Buffer.from(tile!.data).toString(), `tile ${id}`).toBe(`tile ${c}`);
    }
  });
});
