// The built web client: files precompressed at build time (app.js.br, app.js.gz; see
// client/build.ts) are sent as they are to clients that accept them; everything else (index.html,
// a client built without them) is compressed on the fly.
import compression from 'compression';
import express, { Router, type RequestHandler } from 'express';
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

/** Encodings in order of preference, and the suffix of their precompressed files. */
const PRECOMPRESSED = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

function precompressed(root: string): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || extname(req.path) === '') return next();
    let path: string;
    try {
      path = resolve(join(root, decodeURIComponent(req.path)));
    } catch {
      return next();
    }
    if (!path.startsWith(root + sep)) return next();
    res.vary('Accept-Encoding');
    for (const [encoding, suffix] of PRECOMPRESSED) {
      if (!req.acceptsEncodings(encoding) || !existsSync(path + suffix)) continue;
      res.set('Content-Encoding', encoding).type(extname(path));
      res.sendFile(path + suffix, (err) => err && next(err));
      return;
    }
    next();
  };
}

/** The built client's index.html in `clientDir` (resolved from the working directory), or null when it is not built there. */
export function builtClientIndex(clientDir: string): string | null {
  const index = resolve(clientDir, 'index.html');
  return existsSync(index) ? index : null;
}

/** A warning for the server's output when `clientDir` holds no built client (null when it does). */
export function clientWarning(clientDir: string): string | null {
  if (builtClientIndex(clientDir)) return null;
  return `Warning: no built web client in ${resolve(clientDir)}: the map page at / says so. Run \`npm run build:client\` in the atlas directory, or pass --client-dir.`;
}

export function staticFiles(clientDir: string): Router {
  const root = resolve(clientDir);
  return Router().use(precompressed(root), compression(), express.static(root, { index: 'index.html' }));
}
