// The `changes` layer: what changed between two releases at a threshold. From z12 one point per changed
// address with its `kind` (newly_covered, lost, added, removed); below that (or where a tile would hold
// more than maxTilePoints) one point per H3 cell with its count per kind, from the precomputed cell diffs.
// A pair's points and cells are indexed in memory once (Flatbush, in the shared index cache).
import Flatbush from 'flatbush';
import type { LegacyFeature } from 'geojson-vt';
import { CHANGE_RESOLUTIONS, changeFigures, changeKind } from '../../common/changes.ts';
import { hexResolutionForZoom, TILE_MAX_ZOOM, UNCOVERED_POINTS_MIN_ZOOM } from '../../common/constants.ts';
import type { Threshold } from '../../common/types.ts';
import { classPairAt, type PairDiff } from '../store/changes.ts';
import { coverClasses } from '../store/figures.ts';
import type { Store } from '../store/index.ts';
import type { Release } from '../store/releases.ts';
import { bufferedBbox, projector, tileBbox, type TileCoord } from './geometry.ts';
import { typedBytes, type IndexCache } from './index-cache.ts';
import { encodeLayer } from './registry.ts';

export const CHANGES_LAYER = 'changes';

export interface ChangeTileRequest extends TileCoord {
  from: Release;
  to: Release;
  threshold: Threshold;
  /** The pair's diff when the caller loaded it (the server: store.changes.load); else read or computed here. */
  diff?: PairDiff;
}

/** Share of a tile added on each side so symbols at the edge are not cut. */
const POINT_BUFFER = 1 / 64;

export function changesLayer(store: Store, maxTilePoints: number, indexes: IndexCache) {
  const diffOf = (req: ChangeTileRequest): PairDiff => req.diff ?? store.changes.pair(req.from.id, req.to.id);
  const pairKey = (req: ChangeTileRequest) => `${req.from.id}>${req.to.id}`;

  function pointTree(req: ChangeTileRequest): Flatbush | null {
    return indexes.get(`changes/points/${pairKey(req)}`, () => {
      const list = diffOf(req).addresses();
      if (list.size === 0) return { value: null, bytes: 0 };
      const tree = new Flatbush(list.size, 16, Float32Array);
      for (let i = 0; i < list.size; i++) tree.add(list.lon[i], list.lat[i]);
      tree.finish();
      return { value: tree, bytes: typedBytes(tree.data) };
    });
  }

  function cellTree(req: ChangeTileRequest, res: number): Flatbush | null {
    return indexes.get(`changes/cells/${pairKey(req)}/${res}`, () => {
      const cells = diffOf(req).cells(res);
      if (cells.cells.length === 0) return { value: null, bytes: 0 };
      const tree = new Flatbush(cells.cells.length);
      for (let i = 0; i < cells.cells.length; i++) tree.add(cells.lon[i], cells.lat[i]);
      tree.finish();
      return { value: tree, bytes: typedBytes(tree.data) };
    });
  }

  /** The changed addresses in the tile with their kind, or null when there are more than the cap. */
  function singles(req: ChangeTileRequest): LegacyFeature[] | null {
    const tree = pointTree(req);
    if (!tree) return [];
    const list = diffOf(req).addresses();
    const { dc, uc } = coverClasses(req.threshold, store.definitions());
    const [w, s, e, n] = bufferedBbox(req, POINT_BUFFER);
    const found: { i: number; kind: string; id: number }[] = [];
    for (const i of tree.search(w, s, e, n)) {
      const kind = changeKind(classPairAt(list, i), dc, uc);
      if (kind === null) continue;
      if (found.push({ i, kind, id: kind === 'removed' ? list.fromId[i] : list.toId[i] }) > maxTilePoints) return null;
    }
    const details = store.tileSources.pointDetails(found.map((f) => f.id));
    const project = projector(req);
    return found.map(({ i, kind, id }) => ({
      type: 1,
      id,
      geometry: [project(list.lon[i], list.lat[i])],
      tags: { kind, address_id: details.get(id)?.address_id ?? '', count: 1 },
    }));
  }

  function aggregates(req: ChangeTileRequest): LegacyFeature[] {
    // From z12 (a tile over the point cap) the finest aggregated resolution.
    const res = Math.min(hexResolutionForZoom(req.z), Math.max(...CHANGE_RESOLUTIONS));
    const tree = cellTree(req, res);
    if (!tree) return [];
    const cells = diffOf(req).cells(res);
    const { dc, uc } = coverClasses(req.threshold, store.definitions());
    const project = projector(req);
    const [w, s, e, n] = tileBbox(req);
    const features: LegacyFeature[] = [];
    // Each cell centre belongs to exactly one tile (half-open bounds), so no cell is counted twice.
    for (const i of tree.search(w, s, e, n)) {
      const lon = cells.lon[i];
      const lat = cells.lat[i];
      if (lon < w || lon >= e || lat < s || lat >= n) continue;
      const f = changeFigures(cells.counts[i], dc, uc);
      const count = f.newly_covered + f.lost + f.added + f.removed;
      if (count === 0) continue;
      const tags = { cell: cells.cells[i], newly_covered: f.newly_covered, lost: f.lost, added: f.added, removed: f.removed, count };
      features.push({ type: 1, geometry: [project(lon, lat)], tags });
    }
    return features;
  }

  return {
    name: CHANGES_LAYER,
    description:
      `What changed between two releases: single changed addresses (kind, address_id, count 1) from z${UNCOVERED_POINTS_MIN_ZOOM}, ` +
      'below that one point per H3 cell with its count per kind (newly_covered, lost, added, removed) and in all (count)',
    minzoom: 0,
    maxzoom: TILE_MAX_ZOOM,
    fields: {
      kind: 'String',
      address_id: 'String',
      cell: 'String',
      newly_covered: 'Number',
      lost: 'Number',
      added: 'Number',
      removed: 'Number',
      count: 'Number',
    },
    /** Uncompressed MVT bytes, or null when the tile is empty. */
    render(req: ChangeTileRequest): Uint8Array | null {
      const points = req.z >= UNCOVERED_POINTS_MIN_ZOOM ? singles(req) : null;
      return encodeLayer(CHANGES_LAYER, points ?? aggregates(req));
    },
  };
}
export type ChangesLayer = ReturnType<typeof changesLayer>;
