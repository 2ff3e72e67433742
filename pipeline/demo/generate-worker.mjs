// Starts the demo generation thread (generate-in-worker.ts): registers tsx, since workers do not
// inherit their parent's module hooks, then runs generate-thread.ts. If that cannot even load, it
// says so as the thread's error message, since the building thread waits for one.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

try {
  register();
  await import('./generate-thread.ts');
} catch (err) {
  parentPort?.postMessage({ kind: 'error', message: String(err?.stack ?? err) });
}
