// Starts a reading worker (worker-batches.ts): registers tsx for a TypeScript module (workers do
// not inherit their parent's module hooks; a bundle needs none), then runs the worker module named
// in workerData. If the worker cannot even load, it says so through the channel, since the loading
// thread waits there and would otherwise wait forever.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const POSTED = 0;

try {
  // A bundle (worker-bundle.ts) is plain JavaScript: no tsx to start.
  if (!workerData.module.endsWith('.mjs')) register();
  await import(workerData.module);
} catch (err) {
  workerData.port.postMessage({ error: String(err?.stack ?? err), file: false });
  Atomics.add(workerData.shared, POSTED, 1);
  Atomics.notify(workerData.shared, POSTED);
}
