// Starts the real server on port 0 over a database and talks real HTTP to it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadConfig, type ConfigKey } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';

export interface TestServer {
  url: string;
  running: RunningServer;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read API answers as loosely as a client would; their assertions check the shape
  json<T = any>(path: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startTestServer(db: string, overrides: Partial<Record<ConfigKey, unknown>> = {}): Promise<TestServer> {
  const running = await startServer(loadConfig({ db, port: 0, host: '127.0.0.1', clientDir: 'test/server/no-client', ...overrides }, {}));
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${running.url}${path}`, { headers });
  return {
    url: running.url,
    running,
    get,
    async json(path) {
      const res = await get(path);
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
      return res.json();
    },
    stop: () => running.stop(),
  };
}

/** Asserts the one JSON error shape, its status and (when given) the parameter it names. */
export async function expectError(res: Response, status: number, parameter?: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.status).toBe(status);
  expect(body.error.code).toMatch(/^[a-z_]+$/);
  expect(typeof body.error.message).toBe('string');
  expect(String(body.error.message)).not.toMatch(/\n\s+at /);
  if (parameter === undefined) expect(body.error.parameter).toBeUndefined();
  else expect(body.error.parameter).toBe(parameter);
}

/** A server over a database built in a fresh temp dir; `done()` stops it and removes the dir. */
export async function serveInTempDir(prefix: string, build: (dir: string) => Promise<string>) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const server = await startTestServer(await build(dir));
  return {
    dir,
    server,
    async done(): Promise<void> {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
