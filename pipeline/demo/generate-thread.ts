// The body of the demo generation thread (generate-in-worker.ts): generates the releases it is given
// register first (register-first.ts) and reports the registers, progress, and the files written.
import { parentPort, workerData } from 'node:worker_threads';
import type { GenerateMessage, GenerateWorkerData } from './generate-in-worker.ts';
import { type RegisterFiles, RegisterFilesWriter } from './register-files.ts';
import { generateRegisterFirst } from './register-first.ts';

const data = workerData as GenerateWorkerData;
const post = (message: GenerateMessage) => parentPort?.postMessage(message);

const writers = data.releases.map((r) => new RegisterFilesWriter(data.dir, r.stem, data.names, data.provinces));
let files: RegisterFiles[] = [];
try {
  let written = false;
  try {
    generateRegisterFirst(
      data.releases.map((r, i) => ({ release: r.release, writer: writers[i] })),
      {
        scale: data.scale,
        seed: data.seed,
        dataDir: data.dataDir,
        onRegisters: (registers) => post({ kind: 'registers', registers }),
        onProgress: (progress) => post({ kind: 'progress', progress }),
      },
    );
    written = true;
  } finally {
    files = writers.map((w) => w.close());
  }
  if (written) post({ kind: 'done', files });
} catch (err) {
  post({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
}
