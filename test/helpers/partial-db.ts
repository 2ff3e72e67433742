// A database whose newest release covers only part of the map: the fixture releases plus
// `2025-06`, one operator's list holding only the Lopik (GM0331) addresses. The other fixture
// municipalities have no addresses in it: no data, not 0 %.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWritable } from '../../common/schema.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { buildFixtureDb, FIXTURE_FILES } from './fixture-db.ts';

export const PARTIAL_RELEASE = '2025-06';
export const PARTIAL_AREA = 'GM0331';

export async function buildPartialDb(dir: string): Promise<string> {
  const path = await buildFixtureDb(dir);
  const [header, ...rows] = readFileSync(FIXTURE_FILES.release2024, 'utf8').split(/\r?\n/).filter(Boolean);
  const csv = join(dir, 'lopik-only.csv');
  writeFileSync(csv, `${[header, ...rows.filter((r) => r.startsWith('00331'))].join('\n')}\n`);
  const db = openWritable(path);
  try {
    importRelease(db, { release: PARTIAL_RELEASE, asOf: '2025-06-30', files: [csv], synthetic: false });
  } finally {
    db.close();
  }
  return path;
}
