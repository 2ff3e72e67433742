// Starts the reading worker (read-worker.ts). Workers do not inherit their parent's module hooks, so
// this registers tsx itself. If the worker cannot even load, it says so through the channel
// (row-source.ts), since the importing thread waits there and would otherwise wait forever.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const POSTED = 0;

try {
  register();
  await import('./read-worker.ts');
} catch (err) {
  workerData.port.postMessage({ error: String(err?.stack ?? err), file: false });
  Atomics.add(workerData.shared, POSTED, 1);
  Atomics.notify(workerData.shared, POSTED);
}
