// Reads a boundary file into a GeoJSON FeatureCollection, whatever its format: GeoJSON, TopoJSON
// (topojson-client; `object` names the layer) or an ESRI Shapefile (the `shapefile` package),
// zipped or as a .shp beside its .dbf. The format is told from the content (magic bytes, the
// JSON `type`), not from the file name.
import { existsSync, readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { read as readShapefile } from 'shapefile';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { describeFormat, detectFormat } from '../import/sniff.ts';

export type BoundaryFormat = 'geojson' | 'topojson' | 'shapefile';

/** What a boundary file held: its features as GeoJSON, and what it was. */
export interface BoundarySource {
  format: BoundaryFormat;
  /** The TopoJSON object or Shapefile layer read (null for GeoJSON). */
  object: string | null;
  collection: unknown;
}

/** A boundary file that cannot be read; nothing was changed. */
export class BoundaryError extends Error {}

/** An ESRI Shapefile's main file starts with the file code 9994, big-endian. */
const SHP_MAGIC = [0x00, 0x00, 0x27, 0x0a];

function isShp(bytes: Uint8Array): boolean {
  return SHP_MAGIC.every((b, i) => bytes[i] === b);
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new BoundaryError(`${file}: cannot read the boundary file (${(err as Error).message}).`);
  }
}

function parseJson(file: string, bytes: Buffer): unknown {
  const format = detectFormat(bytes.subarray(0, 4096));
  if (format !== 'text') {
    throw new BoundaryError(
      `${file}: not a GeoJSON text file: ${describeFormat(format)}. ` +
        '(Boundaries are read from GeoJSON, TopoJSON, a zipped Shapefile or a .shp with its .dbf beside it.)',
    );
  }
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new BoundaryError(`${file}: not valid JSON (${(err as Error).message}).`);
  }
}

/** The one name of `names` that `wanted` picks (or the only one when nothing is wanted). */
function pick(file: string, what: string, names: string[], wanted: string | null | undefined): string {
  if (wanted) {
    if (names.includes(wanted)) return wanted;
    throw new BoundaryError(`${file}: the file has no ${what} '${wanted}'; it has: ${names.join(', ') || 'none'}.`);
  }
  if (names.length === 1) return names[0];
  throw new BoundaryError(
    `${file}: the file holds ${names.length} ${what}s (${names.join(', ') || 'none'}); choose one with --object NAME.`,
  );
}

function fromTopology(file: string, topology: Topology, object: string | null | undefined): BoundarySource {
  const objects = topology.objects && typeof topology.objects === 'object' ? topology.objects : {};
  const name = pick(file, 'object', Object.keys(objects), object);
  try {
    return { format: 'topojson', object: name, collection: feature(topology, objects[name]) };
  } catch (err) {
    throw new BoundaryError(`${file}: TopoJSON object '${name}' cannot be turned into features (${(err as Error).message}).`);
  }
}

/** Reads a JSON boundary file (GeoJSON or TopoJSON) without waiting; Shapefiles need readBoundaries. */
export function readBoundariesSync(file: string, object?: string | null): BoundarySource {
  const bytes = readBytes(file);
  if (isShp(bytes) || detectFormat(bytes.subarray(0, 4)) === 'zip') {
    throw new BoundaryError(`${file}: a Shapefile is read by readBoundaries (asynchronously), not readBoundariesSync.`);
  }
  const json = parseJson(file, bytes) as { type?: unknown };
  if (json?.type === 'Topology') return fromTopology(file, json as Topology, object);
  if (object) throw new BoundaryError(`${file}: --object chooses a layer of a TopoJSON file or a zipped Shapefile; this is GeoJSON.`);
  return { format: 'geojson', object: null, collection: json };
}

/** A Shapefile's coordinates must be lon/lat: its .prj, when present, must describe a geographic CRS. */
function checkPrj(file: string, prj: string | null): void {
  if (prj !== null && !/^\s*GEOGCS\[/i.test(prj)) {
    const name = /^\s*\w+\["([^"]*)"/.exec(prj)?.[1] ?? 'a projected system';
    throw new BoundaryError(
      `${file}: the Shapefile's coordinates are in ${name}, not longitude/latitude. ` +
        'Reproject it first, e.g. `ogr2ogr -t_srs EPSG:4326 out.shp in.shp`.',
    );
  }
}

async function shapefileFeatures(
  file: string,
  layer: string,
  shp: Uint8Array,
  dbf: Uint8Array,
  cpg: string | null,
): Promise<BoundarySource> {
  try {
    const encoding = cpg?.trim() || undefined;
    return { format: 'shapefile', object: layer, collection: await readShapefile(shp, dbf, encoding ? { encoding } : undefined) };
  } catch (err) {
    throw new BoundaryError(`${file}: the Shapefile '${layer}' cannot be read (${(err as Error).message}).`);
  }
}

async function fromZip(file: string, bytes: Buffer, object: string | null | undefined): Promise<BoundarySource> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw new BoundaryError(`${file}: the zip archive is truncated or corrupt (${(err as Error).message}).`);
  }
  const byLower = new Map(Object.keys(entries).map((name) => [name.toLowerCase(), name]));
  const entry = (stem: string, ext: string) => {
    const name = byLower.get(`${stem}.${ext}`.toLowerCase());
    return name === undefined ? null : entries[name];
  };
  const layers = Object.keys(entries)
    .filter((name) => /\.shp$/i.test(name))
    .map((name) => name.slice(0, -4));
  if (layers.length === 0) throw new BoundaryError(`${file}: the zip archive holds no Shapefile (.shp).`);
  const wanted = object ? layers.find((l) => l === object || l.split('/').pop() === object) : undefined;
  const layer = wanted ?? pick(file, 'Shapefile layer', layers, object);
  const dbf = entry(layer, 'dbf');
  if (!dbf) throw new BoundaryError(`${file}: the Shapefile '${layer}' has no .dbf beside it in the archive; its attributes are needed.`);
  const text = (ext: string) => {
    const bytes = entry(layer, ext);
    return bytes ? Buffer.from(bytes).toString('utf8') : null;
  };
  checkPrj(file, text('prj'));
  return shapefileFeatures(file, layer, entry(layer, 'shp')!, dbf, text('cpg'));
}

/** Reads any supported boundary file; `object` picks a TopoJSON object or a Shapefile layer in a zip. */
export async function readBoundaries(file: string, object?: string | null): Promise<BoundarySource> {
  const bytes = readBytes(file);
  if (detectFormat(bytes.subarray(0, 4)) === 'zip') return fromZip(file, bytes, object);
  if (isShp(bytes)) {
    const stem = file.replace(/\.shp$/i, '');
    const sibling = (ext: string) => [`${stem}.${ext}`, `${stem}.${ext.toUpperCase()}`].find((p) => existsSync(p)) ?? null;
    const dbf = sibling('dbf');
    if (!dbf)
      throw new BoundaryError(`${file}: a Shapefile needs its .dbf beside it (${stem}.dbf); its attributes hold the codes and names.`);
    const prj = sibling('prj');
    const cpg = sibling('cpg');
    checkPrj(file, prj ? readFileSync(prj, 'utf8') : null);
    return shapefileFeatures(file, stem.split('/').pop()!, bytes, readFileSync(dbf), cpg ? readFileSync(cpg, 'utf8') : null);
  }
  return readBoundariesSync(file, object);
}
