// JSON answers depend only on the URL and the database, so they are kept serialised until the
// database changes: a repeated request costs a map lookup instead of queries and JSON.stringify.
import type { Request, Response } from 'express';
import { Lru } from './lru.ts';

export function createJsonCache(megabytes: number) {
  // Two bytes per UTF-16 code unit plus the key, roughly.
  const cache = new Lru<string, string>(megabytes * 1024 * 1024, (body) => body.length * 2 + 200);
  return {
    /** Sends the cached body of this URL, or builds, caches and sends it (errors are not cached). */
    send(req: Request, res: Response, build: () => unknown): void {
      const body = cache.getOrSet(req.originalUrl, () => JSON.stringify(build()));
      res.type('application/json').send(body);
    },
    clear(): void {
      cache.clear();
    },
  };
}
export type JsonCache = ReturnType<typeof createJsonCache>;
