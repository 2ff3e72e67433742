// The thread of checkpointInWorker (checkpoint.ts): copies the committed pages of a WAL-mode database's
// WAL into its file (a PASSIVE checkpoint: readers and a writer go on meanwhile), then closes. Plain
// JavaScript, so that it starts without loading tsx.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path, { fileMustExist: true });
try {
  db.pragma('wal_checkpoint(PASSIVE)');
} finally {
  db.close();
}
