// An area without addresses in a release has no data: covered_pct null in the API (not 0, which
// would paint it as the worst coverage), covered_pct absent from its tile features. And no built client:
// the page at / says what to do, the server's output where it looked.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientWarning } from '../../server/static-files.ts';
import { buildPartialDb, PARTIAL_AREA, PARTIAL_RELEASE } from '../helpers/partial-db.ts';
import { serveInTempDir, type TestServer } from '../helpers/server.ts';
import { decodeLayer, rawGet } from '../helpers/tile-client.ts';
import { tilesCovering } from '../helpers/tiles.ts';

let server: TestServer;
let done: () => Promise<void>;

beforeAll(async () => {
  ({ server, done } = await serveInTempDir('atlas-nodata-', buildPartialDb));
});
afterAll(() => done?.());

interface Area {
  code: string;
  addresses: number;
  covered: number;
  covered_pct: number | null;
}

describe('an area with no addresses in the release', () => {
  it('has covered_pct null in the list and the detail, and a number where there are addresses', async () => {
    const { areas } = await server.json<{ areas: Area[] }>(`/api/v1/areas?release=${PARTIAL_RELEASE}`);
    const empty = areas.filter((a) => a.addresses === 0);
    expect(empty.length).toBe(3);
    for (const a of empty) {
      expect(a.covered_pct, a.code).toBeNull();
      expect((await server.json<Area>(`/api/v1/areas/${a.code}?release=${PARTIAL_RELEASE}`)).covered_pct).toBeNull();
    }
    const lopik = areas.find((a) => a.code === PARTIAL_AREA)!;
    expect(lopik.covered_pct).toBeCloseTo((100 * lopik.covered) / lopik.addresses, 2);
  });

  it('sorts below every number by covered_pct, in either order', async () => {
    for (const order of ['asc', 'desc']) {
      const { areas } = await server.json<{ areas: Area[] }>(`/api/v1/areas?release=${PARTIAL_RELEASE}&sort=covered_pct&order=${order}`);
      const nulls = areas.map((a) => a.covered_pct === null);
      expect(nulls, order).toEqual(order === 'asc' ? [true, true, true, false] : [false, true, true, true]);
    }
  });

  it('leaves covered_pct out of its tile features (MVT has no null), so the map paints it as no data', async () => {
    const meta = await server.json<{ bounds: number[] }>('/api/v1/meta');
    const [[z, x, y]] = tilesCovering(meta.bounds, 6);
    const features = decodeLayer(await rawGet(`${server.url}/tiles/areas/${z}/${x}/${y}.mvt?release=${PARTIAL_RELEASE}`), 'areas');
    const municipalities = features.filter((f) => f.properties.level === 'municipality');
    expect(municipalities.length).toBe(4);
    for (const f of municipalities) {
      if (f.properties.code === PARTIAL_AREA) expect(typeof f.properties.covered_pct).toBe('number');
      else expect(f.properties, String(f.properties.code)).not.toHaveProperty('covered_pct');
    }
  });
});

describe('the page at / without a built client', () => {
  it('says how to build or find the client, naming no path of the server; the server output names it', async () => {
    const res = await server.get('/');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('No built web client in the configured <code>clientDir</code>');
    expect(page).toContain('npm run build:client');
    expect(page).toContain('--client-dir');
    expect(page).not.toContain(resolve('test/server/no-client'));
    expect(clientWarning('test/server/no-client')).toContain(`no built web client in ${resolve('test/server/no-client')}`);
    expect(clientWarning('client/dist-that-is-not-there')).toContain('--client-dir');
  });
});
