// Server hardening (issue 16): a tile with a huge name answers 200, Vary keeps Origin, TileJSON
// links never reflect the Host header (root-relative, publicUrl, or a trusted proxy's headers),
// Node-level 400/431 answers have the JSON error shape, static client files go out compressed.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../../client/build.ts';
import { MAX_TILE_STRING } from '../../server/tiles/registry.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { expectError, startTestServer, type TestServer } from '../helpers/server.ts';
import { decodeLayer, rawGet } from '../helpers/tile-client.ts';
import { tilesCovering } from '../helpers/tiles.ts';

let dir: string;
let db: string;
const servers: TestServer[] = [];

async function serve(overrides: Record<string, unknown> = {}): Promise<TestServer> {
  const server = await startTestServer(db, overrides);
  servers.push(server);
  return server;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-hardening-'));
  db = await buildFixtureDb(dir);
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends bytes on a raw socket and returns the whole answer. */
function rawExchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function responseOf(answer: string): Response {
  const [head, body] = [answer.slice(0, answer.indexOf('\r\n\r\n')), answer.slice(answer.indexOf('\r\n\r\n') + 4)];
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = new Headers(headerLines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]));
  return new Response(body, { status: Number(statusLine.split(' ')[1]), headers });
}

describe('tiles', () => {
  it('a tile over an area with a 1 MB name answers 200, with the name cut', async () => {
    const bigDir = join(dir, 'big');
    mkdirSync(bigDir);
    const bigDb = await buildFixtureDb(bigDir);
    const writable = new Database(bigDb);
    writable.prepare('UPDATE areas SET name = ?').run('Lang'.repeat(256 * 1024));
    writable.close();
    const server = await startTestServer(bigDb);
    servers.push(server);
    const bounds = (await server.json('/api/v1/meta')).bounds as number[];
    for (const z of [0, 8]) {
      for (const [tz, x, y] of tilesCovering(bounds, z)) {
        const res = await rawGet(`${server.url}/tiles/areas/${tz}/${x}/${y}.mvt`, { 'Accept-Encoding': 'gzip' });
        expect([200, 204]).toContain(res.status);
        for (const f of decodeLayer(res, 'areas')) expect(String(f.properties.name).length).toBeLessThanOrEqual(MAX_TILE_STRING);
      }
    }
    const [z, x, y] = tilesCovering(bounds, 0)[0];
    const res = await rawGet(`${server.url}/tiles/areas/${z}/${x}/${y}.mvt`, { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(
      decodeLayer(res, 'areas').some((f) => String(f.properties.name).startsWith('LangLang') && String(f.properties.name).endsWith('…')),
    ).toBe(true);
  });

  it('keeps Vary: Origin beside Vary: Accept-Encoding', async () => {
    const server = await serve({ corsOrigin: 'https://a.example,https://b.example' });
    const res = await rawGet(`${server.url}/tiles/areas/0/0/0.mvt`, { Origin: 'https://b.example', 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://b.example');
    const vary = String(res.headers.vary)
      .split(',')
      .map((v) => v.trim().toLowerCase());
    expect(vary).toEqual(expect.arrayContaining(['origin', 'accept-encoding']));
  });
});

describe('TileJSON links', () => {
  const tilejson = async (server: TestServer, headers: Record<string, string> = {}, query = '') => {
    const res = await rawGet(`${server.url}/tiles/areas.json${query}`, headers);
    expect(res.status).toBe(200);
    return { body: JSON.parse(res.body.toString()) as { tiles: string[] }, headers: res.headers };
  };

  it('are root-relative by default, never reflect the Host header, and always name the resolved release', async () => {
    const server = await serve({ apiCacheControl: 'no-cache', tileCacheControl: 'public, max-age=3600' });
    const { body, headers } = await tilejson(server, {
      Host: 'evil.example',
      'X-Forwarded-Host': 'evil.example',
      'X-Forwarded-Proto': 'https',
    });
    expect(body.tiles).toEqual(['/tiles/areas/{z}/{x}/{y}.mvt?release=2024-12&down=1000']);
    // Naming the newest release, it changes with an import: not cached for an hour.
    expect(headers['cache-control']).toBe('no-cache');
    const pinned = await tilejson(server, {}, '?release=2023-12');
    expect(pinned.body.tiles).toEqual(['/tiles/areas/{z}/{x}/{y}.mvt?release=2023-12&down=1000']);
    expect(pinned.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('use the configured publicUrl', async () => {
    const server = await serve({ publicUrl: 'https://atlas.example.org/' });
    const { body } = await tilejson(server, { Host: 'evil.example' });
    expect(body.tiles[0]).toMatch(/^https:\/\/atlas\.example\.org\/tiles\/areas\/\{z\}/);
  });

  it('use X-Forwarded-Proto and X-Forwarded-Host only with trustProxy', async () => {
    const server = await serve({ trustProxy: 'true' });
    const proxied = await tilejson(server, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'atlas.example.org' });
    expect(proxied.body.tiles[0]).toMatch(/^https:\/\/atlas\.example\.org\/tiles\/areas\//);
    expect(String(proxied.headers.vary)).toMatch(/X-Forwarded-Host/i);
    const forged = await tilejson(server, { 'X-Forwarded-Host': 'evil.example/<script>' });
    expect(forged.body.tiles[0]).toMatch(/^\/tiles\//);
  });
});

describe('requests Node refuses before Express', () => {
  it('answers headers over 16 KB with 431 in the JSON error shape', async () => {
    const server = await serve();
    const answer = await rawExchange(server.url, `GET /api/v1/meta HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    await expectError(responseOf(answer), 431);
  });

  it('answers a malformed request line with 400 in the JSON error shape', async () => {
    const server = await serve();
    await expectError(responseOf(await rawExchange(server.url, 'THIS IS NOT HTTP\r\n\r\n')), 400);
  });
});

describe('static client files', () => {
  it('are sent precompressed (br, gzip) to clients that accept them, as they are otherwise', async () => {
    const clientDir = join(dir, 'client');
    mkdirSync(clientDir);
    const js = `// app\n${Array.from({ length: 5000 }, (_, i) => `console.log("line ${i}");`).join('\n')}\n`;
    writeFileSync(join(clientDir, 'app.js'), js);
    writeFileSync(join(clientDir, 'index.html'), `<!doctype html><title>x</title>${'<p>filler</p>'.repeat(200)}`);
    precompress(clientDir, ['app.js']);
    const server = await serve({ clientDir });
    const br = await rawGet(`${server.url}/app.js`, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(String(br.headers.vary)).toMatch(/Accept-Encoding/i);
    expect(br.body.length).toBeLessThan(js.length / 5);
    expect(brotliDecompressSync(br.body).toString()).toBe(js);
    const gz = await rawGet(`${server.url}/app.js`, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(js);
    const plain = await rawGet(`${server.url}/app.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(js);
    // Without a precompressed file (index.html), compressed on the fly.
    const page = await rawGet(`${server.url}/`, { 'Accept-Encoding': 'gzip' });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(page.body).toString()).toContain('<title>x</title>');
  });
});
