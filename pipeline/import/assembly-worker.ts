// The worker thread of an FCC BDC import's assembly (staged-assembly.ts): reads the staged partitions
// through the importing thread's open files, assembles their locations and posts them chunk by chunk
// through the channel of worker-batches.ts, while the importing thread writes the chunks before; then
// the counts and the clusters of them all.
import { workerData } from 'node:worker_threads';
import { type AssemblyMessage, type AssemblySetup, LocationAssembly, messageBuffers } from './staged-assembly.ts';
import { postBatches, type WorkerChannel } from './worker-batches.ts';

const data = workerData as AssemblySetup & WorkerChannel;

postBatches<AssemblyMessage>(data, () => new LocationAssembly(data), messageBuffers);
