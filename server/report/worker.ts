// The report worker thread: collects and renders one area report at a time from its own read-only
// connection, so a long report never holds the server's event loop (render-pool.ts sends the jobs).
import { parentPort } from 'node:worker_threads';
import type { Threshold } from '../../common/types.ts';
import { NotFound } from '../store/errors.ts';
import { openStore, type Store } from '../store/index.ts';
import { createReportCollector, type CollectReport } from './collect.ts';
import type { ReportLang } from './model.ts';
import { renderReport } from './render.ts';
import { selectArea } from './selection.ts';
import type { Goal } from '../progress.ts';

export interface ReportJob {
  id: number;
  db: string;
  code: string;
  release: string;
  threshold: Threshold;
  lang: ReportLang;
  attribution: string[];
  goal: Goal;
}

export type ReportAnswer =
  | { id: number; pdf: Uint8Array }
  | { id: number; notFound: { kind: NotFound['kind']; message: string; parameter?: string } }
  | { id: number; error: string };

let opened: { db: string; store: Store; collectors: Map<string, CollectReport> } | null = null;

function collectorFor(job: ReportJob): { store: Store; collect: CollectReport } {
  if (opened?.db !== job.db) {
    opened?.store.close();
    opened = { db: job.db, store: openStore(job.db), collectors: new Map() };
  }
  const key = JSON.stringify([job.attribution, job.goal]);
  let collect = opened.collectors.get(key);
  if (!collect) opened.collectors.set(key, (collect = createReportCollector(opened.store, job.attribution, job.goal)));
  return { store: opened.store, collect };
}

async function run(job: ReportJob): Promise<{ answer: ReportAnswer; transfer: ArrayBuffer[] }> {
  try {
    const { store, collect } = collectorFor(job);
    const pdf = await renderReport(collect(selectArea(store, job.code, job.release, job.threshold)), job.lang);
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    // Buffer.concat's result owns its memory unless it came from the pool: copy only then.
    const own = pdf.byteOffset === 0 && pdf.buffer.byteLength === pdf.byteLength ? bytes : bytes.slice();
    return { answer: { id: job.id, pdf: own }, transfer: [own.buffer as ArrayBuffer] };
  } catch (err) {
    if (err instanceof NotFound)
      return { answer: { id: job.id, notFound: { kind: err.kind, message: err.message, parameter: err.parameter } }, transfer: [] };
    return { answer: { id: job.id, error: (err as Error).stack ?? String(err) }, transfer: [] };
  }
}

parentPort!.on('message', (job: ReportJob) => {
  void run(job).then(({ answer, transfer }) => parentPort!.postMessage(answer, transfer));
});
parentPort!.postMessage({ ready: true });
