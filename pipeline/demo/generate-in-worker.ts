// Generates demo releases as register files and coverage lists in a worker thread, register first
// (register-first.ts): `registers` resolves as soon as every register is written, so the building
// thread can load them while the worker still writes the coverage lists, on the other core.
import { Worker } from 'node:worker_threads';
import type { RegisterFiles } from './register-files.ts';
import type { GenerateProgress } from './release-csv.ts';

export interface GenerateWorkerData {
  dir: string;
  /** Each release with the stem of its files (RegisterFilesWriter). */
  releases: { release: string; stem: string }[];
  names: ReadonlyMap<string, string>;
  provinces: ReadonlyMap<string, string>;
  scale: number;
  seed: number;
  dataDir: string;
}

export type GenerateMessage =
  | { kind: 'registers'; registers: string[] }
  | { kind: 'progress'; progress: GenerateProgress }
  | { kind: 'done'; files: RegisterFiles[] }
  | { kind: 'error'; message: string };

export interface WorkerGeneration {
  /** The register paths (in the releases' order), once every register is complete. */
  registers: Promise<string[]>;
  /** Every file, once all are complete and closed. */
  done: Promise<RegisterFiles[]>;
  /** Stops the worker (after a failure elsewhere); resolves once it has exited. */
  stop(): Promise<void>;
}

export function generateInWorker(data: GenerateWorkerData, onProgress?: (p: GenerateProgress) => void): WorkerGeneration {
  const worker = new Worker(new URL('./generate-worker.mjs', import.meta.url), { workerData: data });
  let registersWritten!: (paths: string[]) => void;
  let allWritten!: (files: RegisterFiles[]) => void;
  let failed!: (err: Error) => void;
  const registers = new Promise<string[]>((resolve, reject) => {
    registersWritten = resolve;
    failed = reject;
  });
  const done = new Promise<RegisterFiles[]>((resolve, reject) => {
    allWritten = resolve;
    const rejectRegisters = failed;
    failed = (err) => {
      rejectRegisters(err);
      reject(err);
    };
  });
  // A failure before `done` is awaited must not be an unhandled rejection: it is seen where awaited.
  registers.catch(() => {});
  done.catch(() => {});
  let finished = false;
  worker.on('message', (m: GenerateMessage) => {
    if (m.kind === 'registers') registersWritten(m.registers);
    else if (m.kind === 'progress') onProgress?.(m.progress);
    else if (m.kind === 'done') {
      finished = true;
      allWritten(m.files);
    } else {
      finished = true;
      failed(new Error(m.message));
    }
  });
  worker.on('error', (err) => {
    finished = true;
    failed(err);
  });
  worker.on('exit', (code) => {
    if (!finished) failed(new Error(`demo: the generation thread stopped (exit code ${code}) before it wrote every file.`));
  });
  return {
    registers,
    done,
    async stop() {
      finished = true;
      await worker.terminate();
    },
  };
}
