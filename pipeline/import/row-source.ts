// Where the importing thread gets its batches of checked rows: read in this thread, or read ahead
// in a worker thread so that reading and checking overlap with SQLite's inserts on another core, or
// (FCC BDC files, whose rows are set aside until all are read) split between this thread and a
// worker, both reading. Either way next() is synchronous, so the import stays one synchronous transaction.
import { BatchReader } from './batch-reader.ts';
import { claimsInOrder, type FileClaimsData, sharedClaims } from './file-claims.ts';
import type { Encoding } from './csv.ts';
import { LocationStage, type StageTarget } from './location-stage.ts';
import type { AreaLocator, LocatorArea } from './locate.ts';
import type { RowBatch } from './row-batch.ts';
import { WorkerBatches, type WorkerChannel } from './worker-batches.ts';

export interface ReadWorkerData extends WorkerChannel {
  files: string[];
  encoding: Encoding;
  mapping: Map<string, string>;
  residentialOnly: boolean;
  areas: LocatorArea[];
  staging: StageTarget | null;
  claims: FileClaimsData;
}

export interface RowSource {
  /** The next batch, or null after the last row of the last file. */
  next(): RowBatch | null;
  /**
   * Stops reading and drops what the readers staged, once no reader can write it any more and
   * `after` (the end of a thread that reads the stages: staged-assembly.ts) has settled.
   */
  close(after?: Promise<void>): void;
}

/** The readers behind a RowSource; close() gives the end of a worker's thread, when it has one. */
interface Readers {
  next(): RowBatch | null;
  close(): Promise<void> | undefined;
}

/** How rows are read: in this thread, in a worker, or split between both (see readRows). */
export type ReadMode = 'inline' | 'worker' | 'split';

/**
 * Rows of the files, placed by `locator` (a worker builds its own from the same areas). With
 * 'split', the two readers share the files (file-claims.ts), so batches come in no file order and
 * carry `source` (0 this thread, 1 the worker), whose
 * provider indexes are each source's own: only for rows whose order the caller restores.
 * With `stageBytes` (the input's size), each reader sets aside the FCC BDC rows it accepts in a
 * stage of its own (location-stage.ts), listed on its last batch (RowBatch.stagedFiles); the stages
 * live until close().
 */
export function readRows(
  files: readonly string[],
  /** The files' sizes in bytes (session.ts startLoad has them): 'split' hands out the largest first. */
  sizes: readonly number[],
  locator: AreaLocator,
  mode: ReadMode,
  encoding: Encoding = 'utf-8',
  mapping = new Map<string, string>(),
  residentialOnly = false,
  stageBytes: number | null = null,
): RowSource {
  const stages: LocationStage[] = [];
  /** A stage of its own for each reader: the files it sets its FCC BDC rows aside in. */
  const staging = (): StageTarget | null => {
    if (stageBytes === null) return null;
    const stage = new LocationStage(stageBytes);
    stages.push(stage);
    return stage.target();
  };
  try {
    return new StagedSource(readers(), stages);
  } catch (err) {
    for (const stage of stages) stage.drop();
    throw err;
  }

  function readers(): Readers {
    // Every reader holds the whole file list, so a batch's file index is the import's.
    const inWorker = (claims = claimsInOrder(files.length)) =>
      new WorkerBatches<RowBatch>(new URL('./read-worker.ts', import.meta.url), {
        files: [...files],
        encoding,
        mapping,
        residentialOnly,
        areas: [...locator.areas],
        staging: staging(),
        claims,
      });
    // One file cannot be split: the worker reads it, as it would without splitting.
    if (mode === 'worker' || (mode === 'split' && files.length < 2)) return inWorker();
    if (mode === 'inline') {
      const reader = new BatchReader(files, locator, encoding, mapping, residentialOnly, staging());
      return { next: () => reader.next(), close: () => void reader.close() };
    }
    // Each reader starts on one of the two largest files, then takes the largest file left when it is
    // done with one: they end at most a small file's reading apart.
    const [ownFirst, otherFirst, ...rest] = files.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a]);
    const [ownClaims, otherClaims] = sharedClaims([ownFirst, otherFirst], rest);
    const local = new BatchReader(files, locator, encoding, mapping, residentialOnly, staging(), ownClaims);
    return new SplitBatches(local, inWorker(otherClaims));
  }
}

/** A reader's batches, and the stages its readers write: dropped when it closes. */
class StagedSource implements RowSource {
  constructor(
    private readonly readers: Readers,
    private readonly stages: readonly LocationStage[],
  ) {}

  next(): RowBatch | null {
    return this.readers.next();
  }

  close(after?: Promise<void>): void {
    const stopped = this.readers.close();
    const drop = () => {
      for (const stage of this.stages) stage.drop();
    };
    // A worker being stopped may still be writing: its stage's descriptors, closed now, could be reused by another file.
    if (stopped || after) void Promise.allSettled([stopped, after]).then(drop);
    else drop();
  }
}

/** Batches of two readers sharing the files: the worker's when it has one ready, else this thread's own. */
class SplitBatches implements Readers {
  private localDone = false;
  private workerDone = false;

  constructor(
    private readonly local: BatchReader,
    private readonly worker: WorkerBatches<RowBatch>,
  ) {}

  next(): RowBatch | null {
    if (!this.workerDone && (this.localDone || this.worker.ready())) {
      const batch = this.worker.next();
      if (batch !== null) return { ...batch, source: 1 };
      this.workerDone = true;
    }
    if (!this.localDone) {
      const batch = this.local.next();
      if (batch !== null) return { ...batch, source: 0 };
      this.localDone = true;
      return this.next();
    }
    return null;
  }

  close(): Promise<void> {
    this.local.close();
    return this.worker.close();
  }
}
