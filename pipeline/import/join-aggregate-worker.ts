// The worker thread of a join's aggregates (join-aggregates.ts): counts each chunk of register rows
// the joining thread posts, reading the register from its own read-only connection, and at the end
// posts the aggregate rows, the totals and the clusters through the channel of worker-batches.ts.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import {
  hexRowBuffers,
  type JoinAggregateWorkerData,
  JoinAggregator,
  type PostedJoinAggregates,
  packHexRows,
  receiveChunk,
} from './join-aggregates.ts';
import { postBatches, type WorkerChannel } from './worker-batches.ts';

const data = workerData as JoinAggregateWorkerData & WorkerChannel;

postBatches<PostedJoinAggregates>(
  data,
  () => {
    const db = new Database(data.path, { readonly: true, fileMustExist: true });
    let done = false;
    return {
      next(): PostedJoinAggregates | null {
        if (done) return null;
        done = true;
        const aggregator = new JoinAggregator(db, data.setup);
        let received = 0;
        for (
          let chunk = receiveChunk(data.chunks, data.sent, received);
          chunk !== null;
          chunk = receiveChunk(data.chunks, data.sent, received)
        ) {
          received++;
          aggregator.add(chunk);
        }
        const result = aggregator.finish();
        return { ...result, rows: { ...result.rows, hex: packHexRows(result.rows.hex) } };
      },
      close(): void {
        db.close();
        data.chunks.close();
      },
    };
  },
  (posted) => hexRowBuffers(posted.rows.hex),
);
