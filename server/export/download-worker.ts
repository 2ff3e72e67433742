// Builds one whole-file download in a worker thread (started by download-cache.ts through
// download-worker.mjs), so a national GeoPackage never blocks the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import type { DownThreshold } from '../../common/constants.ts';
import { openStore } from '../store/index.ts';
import { writeDownload, type DownloadKind } from './downloads.ts';
import { exportSelection } from './selection.ts';

export interface DownloadJob {
  db: string;
  kind: DownloadKind;
  file: string;
  release: string;
  down: DownThreshold;
  attribution: string[];
}

const job = workerData as DownloadJob;
const store = openStore(job.db);
try {
  const sel = exportSelection(store, job.release, { down: job.down, up: null, fixed_only: false }, job.attribution);
  await writeDownload(store, job.kind, job.file, sel);
  parentPort!.postMessage({ done: true });
} catch (err) {
  parentPort!.postMessage({ failed: String((err as Error)?.stack ?? err) });
} finally {
  store.close();
}
