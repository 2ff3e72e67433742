// The one JSON error shape on every error path: bad and unknown parameters, unknown things, limits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { expectError, startTestServer, type TestServer } from '../helpers/server.ts';

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-errors-'));
  server = await startTestServer(await buildFixtureDb(dir), { maxBboxDeg: 0.5, maxLimit: 50 });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const CASES: [name: string, path: string, status: number, parameter?: string][] = [
  ['an unknown route', '/api/v1/nothing-here', 404],
  ['an unknown parameter', '/api/v1/summary?colour=red', 400, 'colour'],
  ['a repeated parameter', '/api/v1/summary?down=30&down=100', 400, 'down'],
  ['a download threshold that is not allowed', '/api/v1/summary?down=50', 400, 'down'],
  ['an upload threshold that is not allowed', '/api/v1/summary?up=7', 400, 'up'],
  ['an unknown release', '/api/v1/summary?release=1999-01', 404, 'release'],
  ['an unknown area level', '/api/v1/areas?level=country', 400, 'level'],
  ['an unknown sort key', '/api/v1/areas?sort=colour', 400, 'sort'],
  ['an unknown area code', '/api/v1/areas/XX9999', 404, 'code'],
  ['an unknown address id', '/api/v1/addresses/no-such-address', 404, 'address_id'],
  ['a lookup without house number', '/api/v1/addresses?postcode=1234AB', 400, 'house_number'],
  ['a house number that is not a number', '/api/v1/addresses?postcode=1234AB&house_number=five', 400, 'house_number'],
  ['an uncovered search without area or bbox', '/api/v1/uncovered', 400, 'area'],
  ['an uncovered search in an unknown area', '/api/v1/uncovered?area=XX9999', 404, 'area'],
  ['a bbox of three numbers', '/api/v1/uncovered?bbox=4,52,5', 400, 'bbox'],
  ['a bbox whose west lies east of its east', '/api/v1/uncovered?bbox=5,52,4,52.1', 400, 'bbox'],
  ['a bbox larger than allowed', '/api/v1/uncovered?bbox=4,52,5,52.2', 400, 'bbox'],
  ['a limit over the maximum', '/api/v1/uncovered?bbox=4,52,4.1,52.1&limit=51', 400, 'limit'],
  ['a limit of zero', '/api/v1/uncovered?bbox=4,52,4.1,52.1&limit=0', 400, 'limit'],
  ['a forged cursor', '/api/v1/uncovered?bbox=4,52,4.1,52.1&cursor=abc', 400, 'cursor'],
  ['a CSV export with an unknown parameter', '/api/v1/uncovered.csv?area=x&limit=5', 400, 'limit'],
  ['a tile of an unknown layer', '/tiles/roads/5/16/10.mvt', 404, 'layer'],
  ['a tile with a malformed zoom', '/tiles/areas/z/16/10.mvt', 400, 'z'],
  ['a tile zoom over the maximum', '/tiles/areas/17/0/0.mvt', 400, 'z'],
  ['a tile column out of range', '/tiles/areas/5/32/10.mvt', 400, 'x'],
  ['a tile row out of range', '/tiles/areas/5/16/32.mvt', 400, 'y'],
  ['a negative tile row', '/tiles/areas/5/16/-1.mvt', 400, 'y'],
  ['a tile with a threshold that is not allowed', '/tiles/hexes/5/16/10.mvt?down=5', 400, 'down'],
  ['a tile of an unknown release', '/tiles/hexes/5/16/10.mvt?release=nope', 404, 'release'],
  ['the TileJSON of an unknown layer', '/tiles/roads.json', 404, 'layer'],
  ['a malformed percent-encoding', '/api/v1/areas/%E0%A4%A', 400],
];

describe('a missing parameter', () => {
  it('is named as missing, not as a value the validator made of nothing', async () => {
    const message = async (path: string) => ((await (await server.get(path)).json()) as { error: { message: string } }).error.message;
    expect(await message('/api/v1/addresses?postcode=1234AB')).toBe("Missing parameter 'house_number': this request needs it.");
    expect(await message('/api/v1/addresses?postcode=1234AB&house_number=five')).toMatch(
      /^Invalid value for parameter 'house_number': .*; got "five"\.$/,
    );
  });
});

describe('every error answers with the one JSON error shape', () => {
  for (const [name, path, status, parameter] of CASES) {
    it(`answers ${status} for ${name}`, async () => {
      // expectError asserts status, content type, the body's shape and the named parameter.
      expect.hasAssertions();
      await expectError(await server.get(path), status, parameter);
    });
  }
});
