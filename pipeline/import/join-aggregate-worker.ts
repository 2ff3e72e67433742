// The worker thread of a join's aggregates (join-aggregates.ts): counts each chunk of register rows
// the joining thread posts, reading the register from its own read-only connection; after the last it
// posts the aggregate rows and totals, then the clusters (packed), through the channel of worker-batches.ts.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { hexColumnBuffers } from '../../common/hex-counts.ts';
import { packClusters, packedClusterBuffers } from '../clusters/packed.ts';
import { type JoinAggregateWorkerData, JoinAggregator, type PostedJoinAggregates, receiveChunk } from './join-aggregates.ts';
import { postBatches, type WorkerChannel } from './worker-batches.ts';

const data = workerData as JoinAggregateWorkerData & WorkerChannel;

postBatches<PostedJoinAggregates>(
  data,
  () => {
    const db = new Database(data.path, { readonly: true, fileMustExist: true });
    const aggregator = new JoinAggregator(db, data.setup);
    let step = 0;
    return {
      next(): PostedJoinAggregates | null {
        step++;
        if (step === 1) {
          let received = 0;
          for (
            let chunk = receiveChunk(data.chunks, data.sent, received);
            chunk !== null;
            chunk = receiveChunk(data.chunks, data.sent, received)
          ) {
            received++;
            aggregator.add(chunk);
          }
          const counts = aggregator.finish();
          return { counts };
        }
        // Posted once the counts are: the joining thread writes them meanwhile.
        if (step === 2) {
          const clusters = aggregator.clusters();
          return { clusters: clusters && packClusters(clusters) };
        }
        return null;
      },
      close(): void {
        db.close();
        data.chunks.close();
      },
    };
  },
  (posted) => {
    if ('counts' in posted) return hexColumnBuffers(posted.counts.rows.hex);
    return posted.clusters ? packedClusterBuffers(posted.clusters) : [];
  },
);
