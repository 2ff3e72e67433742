// The whole files a user can take of one release and threshold (GET /api/v1/downloads, and the
// downloads/ folder of a static site): the GeoPackage, every uncovered address as CSV and every
// unserved cluster as CSV, written by the same writers as `atlas export` and the CSV routes.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Store } from '../store/index.ts';
import { clusterTable } from './clusters.ts';
import { writeCsv } from './csv.ts';
import { writeGeoPackage } from './gpkg.ts';
import type { ExportSelection } from './selection.ts';
import { exportMeta } from './table.ts';
import { uncoveredTable } from './uncovered.ts';

export const DOWNLOAD_KINDS = ['gpkg', 'uncovered_csv', 'clusters_csv'] as const;
export type DownloadKind = (typeof DOWNLOAD_KINDS)[number];

export const DOWNLOAD_FORMATS: Record<DownloadKind, { suffix: string; mediaType: string; title: string }> = {
  gpkg: {
    suffix: 'gpkg',
    mediaType: 'application/geopackage+sqlite3',
    title: 'GeoPackage: areas with figures, uncovered addresses, clusters',
  },
  uncovered_csv: { suffix: 'uncovered.csv', mediaType: 'text/csv', title: 'Every uncovered address (CSV)' },
  clusters_csv: { suffix: 'clusters.csv', mediaType: 'text/csv', title: 'Every unserved cluster (CSV)' },
};

/** `atlas-2024-12-1000.uncovered.csv`: release and threshold in the name, safe for any file system and URL. */
export function downloadName(sel: ExportSelection, kind: DownloadKind): string {
  const label = sel.release.label.replace(/[^\w.-]+/g, '_');
  return `atlas-${label}-${sel.threshold.down}.${DOWNLOAD_FORMATS[kind].suffix}`;
}

const WORLD = [-180, -90, 180, 90] as const;

async function writeCsvFile(file: string, write: (out: Writable) => Promise<void>): Promise<void> {
  const out = createWriteStream(file);
  const closed = once(out, 'close');
  await write(out);
  await closed;
}

/** Writes one download into `file` (which must not exist yet). */
export async function writeDownload(store: Store, kind: DownloadKind, file: string, sel: ExportSelection): Promise<void> {
  const meta = exportMeta(sel.release);
  const csv = { bom: false, delimiter: 'comma' as const };
  if (kind === 'gpkg') {
    writeGeoPackage(store, file, sel);
  } else if (kind === 'uncovered_csv') {
    const areaCodes = store.areas.codesInBbox(store.areas.addressLevel(), WORLD);
    const rows = store.uncovered.stream({ release: sel.release.id, areaCodes, threshold: sel.threshold });
    await writeCsvFile(file, (out) => writeCsv(out, uncoveredTable, rows, meta, csv));
  } else {
    const rows = store.clusters.all({ release: sel.release.id, down: sel.threshold.down, minAddresses: 1, sort: 'size' });
    await writeCsvFile(file, (out) => writeCsv(out, clusterTable, rows, meta, csv));
  }
}
