// Starts the download worker (download-worker.ts): workers do not inherit their parent's module
// hooks, so this registers tsx itself and reports a failure to start instead of leaving the build waiting.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

try {
  register();
  await import('./download-worker.ts');
} catch (err) {
  parentPort.postMessage({ failed: String(err?.stack ?? err) });
}
