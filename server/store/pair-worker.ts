// Computes the diff of a pair of releases the import did not store in a worker thread (started by
// changes.ts through pair-worker.mjs), so reading two national releases never blocks the server's event
// loop; or reads back the changed addresses of a stored pair (a national pair holds hundreds of
// thousands). The typed arrays of the answer are transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { openServerDb } from './db.ts';
import { computePair, listTransferables, readStoredList, transferables, type ChangedList, type ComputedPair } from './pair-compute.ts';

export interface PairJob {
  db: string;
  from: number;
  to: number;
  /** compute: the whole diff of a pair not stored; stored-list: the stored pair's changed addresses. */
  kind: 'compute' | 'stored-list';
}

export type PairAnswer = { pair: ComputedPair } | { list: ChangedList } | { failed: string };

const job = workerData as PairJob;
const db = openServerDb(job.db);
try {
  if (job.kind === 'stored-list') {
    const list = readStoredList(db, job.from, job.to);
    parentPort!.postMessage({ list } satisfies PairAnswer, listTransferables(list));
  } else {
    const pair = computePair(db, job.from, job.to);
    parentPort!.postMessage({ pair } satisfies PairAnswer, transferables(pair));
  }
} catch (err) {
  parentPort!.postMessage({ failed: String((err as Error)?.stack ?? err) } satisfies PairAnswer);
} finally {
  db.close();
}
