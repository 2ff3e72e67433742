// Starts the pair worker (pair-worker.ts). Workers do not inherit their parent's module hooks, so this
// registers tsx itself; if even that fails, it says so instead of leaving the request waiting.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

try {
  register();
  await import('./pair-worker.ts');
} catch (err) {
  parentPort.postMessage({ failed: String(err?.stack ?? err) });
}
