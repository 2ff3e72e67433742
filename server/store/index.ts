// The store: every SQL statement of the server, prepared once per connection. The report engine
// reuses it so that reports and the API give the same figures.
import { readDefinitions, type CoverageDefinitions } from '../../common/definitions.ts';
import { createAddressStore } from './addresses.ts';
import type { Threshold } from '../../common/types.ts';
import { createAreaStore } from './areas.ts';
import { createChangeStore } from './changes.ts';
import { createClusterStore } from './clusters.ts';
import { DataVersion, openServerDb, type DB } from './db.ts';
import { createPlaceStore } from './places.ts';
import { createPrerenderedTileStore } from './prerendered-tiles.ts';
import { createRegisterStore } from './registers.ts';
import { createReleaseStore } from './releases.ts';
import { createNameIndex } from './suggest.ts';
import { createStatsStore } from './stats.ts';
import { createTileSourceStore } from './tile-sources.ts';
import { createUncoveredStore } from './uncovered.ts';

export function createStore(db: DB) {
  const dataVersion = new DataVersion(db);
  // Read once: fixed from the first release on (atlas init refuses then), and read again after any change before it.
  let stored: CoverageDefinitions | null = null;
  const definitions = () => (stored ??= readDefinitions(db));
  dataVersion.onChange(() => {
    stored = null;
  });
  const releases = createReleaseStore(db);
  dataVersion.onChange(() => releases.reset());
  const stats = createStatsStore(db, definitions);
  const places = createPlaceStore(db);
  const names = createNameIndex(db, places);
  dataVersion.onChange(() => {
    places.reset();
    names.reset();
  });
  const changes = createChangeStore(db, definitions);
  dataVersion.onChange(() => changes.reset());
  return {
    db,
    dataVersion,
    releases,
    registers: createRegisterStore(db),
    areas: createAreaStore(db),
    stats,
    /** An area's (or NATIONAL's) figures in every release, oldest first: the trend the API and the reports show. */
    trend(area: { level: string; code: string }, threshold: Threshold) {
      return releases.list().map((r) => ({
        release: r.label,
        as_of: r.as_of,
        ...stats.figures({ release: r.id, level: area.level, code: area.code }, threshold),
      }));
    },
    addresses: createAddressStore(db, definitions),
    uncovered: createUncoveredStore(db, definitions),
    clusters: createClusterStore(db),
    changes,
    places,
    /** Area and place names for the search box's suggestions. */
    names,
    tileSources: createTileSourceStore(db, definitions),
    /** The pre-rendered tile sets (atlas tiles). */
    prerenderedTiles: createPrerenderedTileStore(db),
    /** The coverage definitions the database stores (atlas init), or the defaults. */
    definitions,
    close(): void {
      db.close();
    },
  };
}
export type Store = ReturnType<typeof createStore>;

/** Opens a database read-only (SchemaError when missing or of another version) with its store. */
export function openStore(path: string): Store {
  return createStore(openServerDb(path));
}
