// JSON answers depend only on the route, the parsed query and the database, so they are kept
// serialised (and gzipped once when large enough to gain) until the database changes: a repeated
// request costs a map lookup instead of queries, JSON.stringify and compression.
// The key is the canonical query (sorted, decoded), so `?a=1&&&&b=2` and `?b=2&a=1` are one entry;
// requests with empty parts are answered but not cached, and every entry is weighed with its key.
import type { Request, Response } from 'express';
import { gzipSync } from 'node:zlib';
import { ENTRY_OVERHEAD, keyBytes, ownBytes } from './bytes.ts';
import { Lru } from './lru.ts';

/** Below this many bytes gzip does not pay (the compression middleware's own threshold). */
const GZIP_FROM = 1024;

interface Entry {
  body: Buffer;
  gz: Buffer | null;
}

/** Empty parts (`&&`, a leading or trailing `&`, `a=` or a bare `a`): junk a cache must not keep a copy of. */
function hasEmptyPart(search: string): boolean {
  return search.split('&').some((part) => part === '' || !part.includes('=') || part.endsWith('='));
}

/** The cache key of a request: its path and its parsed query in key order; null when it must not be cached. */
export function cacheKey(req: Request): string | null {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  if (q < 0) return req.path;
  const search = url.slice(q + 1);
  if (search === '') return req.path;
  if (hasEmptyPart(search)) return null;
  const query = req.query as Record<string, unknown>;
  const parts = Object.keys(query)
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(query[k]))}`);
  return `${req.path}?${parts.join('&')}`;
}

export function createJsonCache(megabytes: number) {
  const cache = new Lru<string, Entry>(
    megabytes * 1024 * 1024,
    (e, key) => e.body.length + (e.gz?.length ?? 0) + keyBytes(key) + ENTRY_OVERHEAD,
  );

  function build(make: () => unknown): Entry {
    const body = ownBytes(Buffer.from(JSON.stringify(make())));
    return { body, gz: body.length >= GZIP_FROM ? ownBytes(gzipSync(body)) : null };
  }

  return {
    /** Sends the cached answer of this request, or builds, caches and sends it (errors are not cached). */
    send<T>(req: Request, res: Response, make: () => T): void {
      const key = cacheKey(req);
      const entry = key === null ? build(make) : cache.getOrSet(key, () => build(make));
      res.type('application/json').vary('Accept-Encoding');
      if (entry.gz && req.acceptsEncodings('gzip')) res.set('Content-Encoding', 'gzip').send(entry.gz);
      else res.send(entry.body);
    },
    /** Whether this request's answer is cached (a route may then skip loading what building it needs). */
    has(req: Request): boolean {
      const key = cacheKey(req);
      return key !== null && cache.get(key) !== undefined;
    },
    clear(): void {
      cache.clear();
    },
    /** Entries and the bytes they are weighed at. */
    stats(): { entries: number; bytes: number } {
      return { entries: cache.size, bytes: cache.weight };
    },
  };
}
export type JsonCache = ReturnType<typeof createJsonCache>;
