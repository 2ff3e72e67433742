// JSON answers depend only on the URL and the database, so they are kept serialised (and gzipped
// once when large enough to gain) until the database changes: a repeated request costs a map lookup
// instead of queries, JSON.stringify and compression.
import type { Request, Response } from 'express';
import { gzipSync } from 'node:zlib';
import { Lru } from './lru.ts';

/** Below this many bytes gzip does not pay (the compression middleware's own threshold). */
const GZIP_FROM = 1024;

interface Entry {
  body: Buffer;
  gz: Buffer | null;
}

export function createJsonCache(megabytes: number) {
  const cache = new Lru<string, Entry>(megabytes * 1024 * 1024, (e) => e.body.length + (e.gz?.length ?? 0) + 200);

  function build(make: () => unknown): Entry {
    const body = Buffer.from(JSON.stringify(make()));
    return { body, gz: body.length >= GZIP_FROM ? Buffer.from(gzipSync(body)) : null };
  }

  return {
    /** Sends the cached answer of this URL, or builds, caches and sends it (errors are not cached). */
    send<T>(req: Request, res: Response, make: () => T): void {
      const entry = cache.getOrSet(req.originalUrl, () => build(make));
      res.type('application/json').vary('Accept-Encoding');
      if (entry.gz && req.acceptsEncodings('gzip')) res.set('Content-Encoding', 'gzip').send(entry.gz);
      else res.send(entry.body);
    },
    clear(): void {
      cache.clear();
    },
  };
}
export type JsonCache = ReturnType<typeof createJsonCache>;
