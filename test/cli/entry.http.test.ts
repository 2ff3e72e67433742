// bin/atlas.js as a user runs it: from the CLI's bundle (kept current by the run itself; ATLAS_BUNDLE=1
// fails where there is none) and through tsx (ATLAS_BUNDLE=0), with the same output and exit codes,
// for a database made on the one and read by the other.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledCli } from '../../bin/cli-bundle.js';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { tempDir } from '../helpers/temp-db.ts';

const ATLAS = fileURLToPath(new URL('../../bin/atlas.js', import.meta.url));

function atlas(bundle: boolean, ...args: string[]) {
  const env = { ...process.env, ATLAS_BUNDLE: bundle ? '1' : '0' };
  const run = spawnSync(process.execPath, [ATLAS, ...args], { encoding: 'utf8', env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('bin/atlas.js', () => {
  const dir = tempDir();
  const db = join(dir, 'entry.sqlite');

  it('runs from the bundle, which a run keeps current', async () => {
    expect(atlas(true, '--help')).toMatchObject({ code: 0 });
    expect(await bundledCli({ build: false })).not.toBeNull();
  });

  it('answers the same from the bundle and through tsx', () => {
    for (const args of [['--help'], ['nonsense'], ['releases', '--db', join(dir, 'missing.sqlite')], ['import', '--help']]) {
      expect(atlas(true, ...args)).toEqual(atlas(false, ...args));
    }
  });

  it('reads through tsx a database the bundle wrote, and the other way round', () => {
    expect(atlas(true, 'boundaries', '--db', db, '--level', 'municipality', FIXTURE_FILES.municipalities)).toMatchObject({ code: 0 });
    const imported = atlas(false, 'import', '--db', db, '--release', '2024-12', '--json', FIXTURE_FILES.release2024);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout.trim().split('\n').at(-1)!)).toMatchObject({ release: '2024-12', rows_read: 636 });
    const listed = atlas(true, 'releases', '--db', db);
    expect(listed).toEqual(atlas(false, 'releases', '--db', db));
    expect(listed.stdout).toContain('2024-12');
  });
});
