// The OpenAPI document passes a real validator, describes every route Express answers, and its
// response schemas (common/api.ts) hold for real answers.
import { validate, compileErrors } from '@readme/openapi-parser';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as api from '../../common/api.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let dir: string;
let db: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-openapi-'));
  db = await buildFixtureDb(dir);
  server = await startTestServer(db);
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every `METHOD path` Express routes, read from the router stack, in OpenAPI path form. */
function expressRoutes(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      return Object.keys(layer.route.methods)
        .filter((m) => layer.route!.methods[m])
        .map((m) => `${m.toUpperCase()} ${path}`);
    }
    return layer.handle.stack ? expressRoutes(layer.handle.stack) : [];
  });
}

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await server.json('/api/v1/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(doc);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('documents exactly the routes Express answers', async () => {
    const { app, close } = createApp(loadConfig({ db, clientDir: join(dir, 'no-client') }, {}));
    try {
      const routes = expressRoutes((app as unknown as { router: { stack: Layer[] } }).router.stack).filter((r) => r !== 'GET /'); // the client's page, not part of the API
      const { paths } = await server.json('/api/v1/openapi.json');
      const documented = Object.entries(paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      );
      expect(routes.length).toBeGreaterThanOrEqual(20);
      expect([...routes].sort()).toEqual([...documented].sort());
    } finally {
      close();
    }
  });

  it('describes every route of the contract with the parameters the server accepts', async () => {
    const { paths } = await server.json('/api/v1/openapi.json');
    for (const path of [
      '/api/v1/releases',
      '/api/v1/summary',
      '/api/v1/areas',
      '/api/v1/areas/{code}',
      '/api/v1/addresses',
      '/api/v1/addresses/{address_id}',
      '/api/v1/uncovered',
      '/api/v1/uncovered.csv',
      '/api/v1/meta',
      '/api/v1/openapi.json',
      '/healthz',
      '/tiles/{layer}/{z}/{x}/{y}.mvt',
      '/tiles/{layer}.json',
    ]) {
      expect(paths[path], path).toBeDefined();
    }
    const names = (path: string) => paths[path].get.parameters.map((p: { name: string }) => p.name).sort();
    expect(names('/api/v1/uncovered')).toEqual(['area', 'bbox', 'cursor', 'down', 'fixed_only', 'limit', 'release', 'technology', 'up']);
    for (const path of ['/api/v1/uncovered.csv', '/api/v1/areas/{code}/uncovered.csv', '/api/v1/clusters.csv']) {
      expect(names(path)).toEqual(expect.arrayContaining(['bom', 'delimiter']));
    }
    const down = paths['/api/v1/summary'].get.parameters.find((p: { name: string }) => p.name === 'down');
    expect(down.schema.enum).toEqual(['30', '100', '1000']);
  });

  it('gives every JSON answer a real schema, not a bare object', async () => {
    const { paths } = await server.json('/api/v1/openapi.json');
    type Operation = { responses: Record<number, { content: Record<string, { schema: Record<string, unknown> }> }> };
    for (const [path, ops] of Object.entries(paths as Record<string, { get: Operation }>)) {
      const content = ops.get.responses[200].content;
      for (const [type, { schema }] of Object.entries(content)) {
        if (!type.includes('json')) continue;
        expect(
          Object.keys(schema.properties ?? {}).length + ((schema.anyOf as unknown[] | undefined)?.length ?? 0),
          `${path} ${type}`,
        ).toBeGreaterThan(0);
      }
    }
    const area = paths['/api/v1/areas/{code}'].get.responses[200].content['application/json'].schema;
    expect(area.required).toEqual(expect.arrayContaining(['code', 'covered_pct', 'trend', 'release', 'threshold']));
  });
});

describe('real answers match the response schemas of common/api.ts', () => {
  async function check<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>> {
    const body = await server.json<z.infer<T>>(path);
    const result = schema.safeParse(body);
    expect(result.success, `${path}: ${result.error?.message}`).toBe(true);
    return body;
  }

  it('for every JSON route', async () => {
    await check('/api/v1/meta', api.MetaSchema);
    await check('/api/v1/openapi.json', api.OpenApiSchema);
    await check('/healthz', api.HealthSchema);
    await check('/api/v1/releases', api.ReleaseListSchema);
    await check('/api/v1/summary?release=2023-12&down=100&up=10', api.SummarySchema);
    const { areas } = await check('/api/v1/areas?level=province', api.AreaListSchema);
    const { areas: municipalities } = await check('/api/v1/areas?sort=uncovered&order=desc', api.AreaListSchema);
    await check(`/api/v1/areas/${areas[0].code}`, api.AreaDetailSchema);
    const code = municipalities[0].code;
    const page = await check(`/api/v1/uncovered?area=${code}&limit=3`, api.UncoveredCollectionSchema);
    expect(page.features.length).toBeGreaterThan(0);
    await check(`/api/v1/areas/${code}/uncovered.geojson`, api.UncoveredCollectionSchema);
    const id = page.features[0].id as string;
    const byId = await check(`/api/v1/addresses/${id}`, api.AddressByIdResultSchema);
    const { postcode, house_number } = byId.address;
    await check(`/api/v1/addresses?postcode=${postcode}&house_number=${house_number}`, api.AddressSearchResultSchema);
    const list = await check('/api/v1/clusters?limit=3', api.ClusterListSchema);
    await check(`/api/v1/clusters?area=${code}&limit=3`, api.ClusterListSchema);
    expect(list.clusters.length).toBeGreaterThan(0);
    await check(`/api/v1/clusters/${list.clusters[0].id}`, api.ClusterDetailSchema);
    await check('/api/v1/clusters.geojson', api.ClusterCollectionSchema);
    await check('/api/v1/clusters?format=geojson&limit=2', api.ClusterCollectionSchema);
    await check('/tiles/areas.json', api.TileJsonSchema);
  });
});
