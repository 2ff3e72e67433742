// Computes the diff of a pair of releases the import did not store in a worker thread (started by
// changes.ts through pair-worker.mjs), so reading two national releases never blocks the server's event
// loop; the typed arrays of the answer are transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { openServerDb } from './db.ts';
import { computePair, transferables, type ComputedPair } from './pair-compute.ts';

export interface PairJob {
  db: string;
  from: number;
  to: number;
}

export type PairAnswer = { pair: ComputedPair } | { failed: string };

const job = workerData as PairJob;
const db = openServerDb(job.db);
try {
  const pair = computePair(db, job.from, job.to);
  parentPort!.postMessage({ pair } satisfies PairAnswer, transferables(pair));
} catch (err) {
  parentPort!.postMessage({ failed: String((err as Error)?.stack ?? err) } satisfies PairAnswer);
} finally {
  db.close();
}
