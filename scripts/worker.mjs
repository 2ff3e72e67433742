// Runs a TypeScript module in a worker thread. Workers do not inherit their parent's module hooks,
// so each registers tsx itself; workerData.module names the module to run.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
