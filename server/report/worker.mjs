// Starts the report worker (worker.ts). Workers do not inherit their parent's module hooks, so this
// registers tsx itself; if even that fails, it says so to the pool instead of leaving it waiting.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

try {
  register();
  await import('./worker.ts');
} catch (err) {
  parentPort.postMessage({ failed: String(err?.stack ?? err) });
}
