// The OpenAPI document passes a real validator and describes every route the server answers.
import { validate, compileErrors } from '@readme/openapi-parser';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-openapi-'));
  server = await startTestServer(await buildFixtureDb(dir));
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await server.json('/api/v1/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(doc);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('describes every route of the contract with the parameters the server accepts', async () => {
    const { paths } = await server.json('/api/v1/openapi.json');
    for (const path of [
      '/api/v1/releases', '/api/v1/summary', '/api/v1/areas', '/api/v1/areas/{code}', '/api/v1/addresses',
      '/api/v1/addresses/{address_id}', '/api/v1/uncovered', '/api/v1/uncovered.csv', '/api/v1/meta',
      '/api/v1/openapi.json', '/healthz', '/tiles/{layer}/{z}/{x}/{y}.mvt', '/tiles/{layer}.json',
    ]) {
      expect(paths[path], path).toBeDefined();
    }
    const names = (path: string) => paths[path].get.parameters.map((p: { name: string }) => p.name).sort();
    expect(names('/api/v1/uncovered')).toEqual(['area', 'bbox', 'cursor', 'down', 'limit', 'release', 'up']);
    const down = paths['/api/v1/summary'].get.parameters.find((p: { name: string }) => p.name === 'down');
    expect(down.schema.enum).toEqual(['30', '100', '1000']);
  });
});
