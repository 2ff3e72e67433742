// A release joined to a register is served like any other: summary, areas, address search, the
// uncovered list and its CSV export, clusters and tiles, over real HTTP next to a connection release.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRelease } from '../../pipeline/import/index.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { boundariesDb } from '../helpers/temp-db.ts';
import { COVERAGE_FIXTURES, REGISTER_FIXTURES } from './fixtures.ts';

let server: TestServer;

beforeAll(async () => {
  const { db, path } = boundariesDb();
  importRelease(db, { release: '2024-12', asOf: '2024-12-31', files: [FIXTURE_FILES.release2024] });
  loadRegister(db, { label: 'bag', files: [REGISTER_FIXTURES.ljpc] });
  importRelease(db, { release: '2025-06', asOf: '2025-06-30', register: 'bag', files: [COVERAGE_FIXTURES.byKey, COVERAGE_FIXTURES.dutch] });
  db.close();
  server = await startTestServer(path);
});
afterAll(() => server?.stop());

describe('a release joined to a register, served', () => {
  it('has its figures in the summary and the areas, the register uncovered included', async () => {
    const releases = await server.json('/api/v1/releases');
    expect(
      releases.releases.map((r: { label: string; addresses: number; register: string | null }) => [r.label, r.addresses, r.register]),
    ).toEqual([
      ['2024-12', 330, null],
      ['2025-06', 13, 'bag'],
    ]);
    expect(await server.json('/api/v1/summary?release=2025-06')).toMatchObject({ addresses: 13, covered: 4, uncovered: 9 });
    const ijsselstein = await server.json('/api/v1/areas/GM0353?release=2025-06');
    expect(ijsselstein).toMatchObject({ addresses: 3, covered: 1, uncovered: 2 });
  });

  it('finds its addresses by postcode, lists and exports the uncovered ones', async () => {
    const found = await server.json('/api/v1/addresses?postcode=3413vd&house_number=85&release=2025-06');
    expect(JSON.stringify(found)).toContain('3413VD-85b');
    const uncovered = await server.json('/api/v1/uncovered?area=GM0589&release=2025-06');
    expect(JSON.stringify(uncovered)).toContain('3421AA-1');
    const csv = await server.get('/api/v1/uncovered.csv?area=GM0589&release=2025-06');
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('3421AA');
  });

  it('serves its tiles and clusters', async () => {
    expect((await server.get('/tiles/areas/10/525/337.mvt?release=2025-06')).status).toBeLessThan(300);
    expect((await server.get('/api/v1/clusters?release=2025-06')).status).toBe(200);
  });
});
