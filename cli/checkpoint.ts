// A WAL checkpoint on another thread (checkpoint-worker.mjs): after an import that deferred its
// checkpoint (inImportTransaction), the copy of its pages into the file runs while this thread
// pre-renders the tiles, instead of before. A checkpoint that fails or is cut short only leaves more
// to copy to whoever checkpoints next (closing the last connection does).
import { Worker } from 'node:worker_threads';

/** Resolves when the checkpoint is done (or failed: the data is committed either way). */
export function checkpointInWorker(path: string): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData: { path } });
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
}
