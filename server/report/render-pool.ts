// Renders area reports in a worker thread (worker.ts) with a time limit: the event loop stays free
// for other requests, and a report that runs over the limit is stopped (its worker is terminated
// and a new one started for the next job). Jobs wait in a short queue; a full queue is refused.
import { Worker } from 'node:worker_threads';
import { NotFound } from '../store/errors.ts';
import type { ReportAnswer, ReportJob } from './worker.ts';

/** Jobs that may wait for the worker; more are refused (ReportBusy) rather than piling up. */
export const MAX_QUEUED = 8;
/** The worker's own heap limit: a report past it fails alone, the server goes on. */
const WORKER_HEAP_MB = 384;

export class ReportTimeout extends Error {}
export class ReportBusy extends Error {}

interface Pending {
  job: ReportJob;
  resolve(pdf: Buffer): void;
  reject(err: Error): void;
}

export interface ReportRenderer {
  render(job: Omit<ReportJob, 'id' | 'db'>): Promise<Buffer>;
  close(): Promise<void>;
}

export function createReportRenderer(db: string, timeoutMs: number): ReportRenderer {
  const queue: Pending[] = [];
  let worker: Worker | null = null;
  let running: (Pending & { timer: NodeJS.Timeout }) | null = null;
  let nextId = 1;
  let closed = false;

  function settle(): Pending | null {
    if (!running) return null;
    clearTimeout(running.timer);
    const done = running;
    running = null;
    return done;
  }

  function stopWorker(reason: Error): void {
    const w = worker;
    worker = null;
    settle()?.reject(reason);
    if (w) {
      w.removeAllListeners();
      w.on('error', () => {});
      void w.terminate();
    }
  }

  function start(): Worker {
    const w = new Worker(new URL('./worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    w.on('message', (message: ReportAnswer | { ready: true } | { failed: string }) => {
      if ('ready' in message) return;
      if ('failed' in message) {
        stopWorker(new Error(`the report worker could not start: ${message.failed}`));
        return;
      }
      const done = settle();
      if (!done || done.job.id !== message.id) return;
      if ('pdf' in message) done.resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength));
      else if ('notFound' in message)
        done.reject(new NotFound(message.notFound.kind, message.notFound.message, message.notFound.parameter));
      else done.reject(new Error(`report failed in its worker: ${message.error}`));
      pump();
    });
    w.on('error', (err) => {
      stopWorker(err);
      pump();
    });
    w.on('exit', () => {
      if (worker === w) stopWorker(new Error('the report worker exited'));
      pump();
    });
    return w;
  }

  function pump(): void {
    if (closed || running || queue.length === 0) {
      if (!running) worker?.unref();
      return;
    }
    worker ??= start();
    worker.ref();
    const next = queue.shift()!;
    const timer = setTimeout(() => {
      stopWorker(new ReportTimeout(`the report took longer than ${timeoutMs / 1000} s and was stopped`));
      pump();
    }, timeoutMs);
    running = { ...next, timer };
    worker.postMessage(next.job);
  }

  return {
    render(job) {
      if (closed) return Promise.reject(new Error('the report renderer is closed'));
      if (queue.length >= MAX_QUEUED) return Promise.reject(new ReportBusy(`${MAX_QUEUED} reports are already waiting`));
      return new Promise<Buffer>((resolve, reject) => {
        queue.push({ job: { ...job, id: nextId++, db }, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new Error('the server is stopping'));
      const w = worker;
      stopWorker(new Error('the server is stopping'));
      if (w) await w.terminate();
    },
  };
}
