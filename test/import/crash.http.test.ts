// An import killed with SIGKILL halfway, in a child process, leaves the database as it was.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { importRelease } from '../../pipeline/import/index.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { boundariesDb, databaseSnapshot as snapshot, HEADER, LOPIK, writeCsv } from '../helpers/temp-db.ts';

describe('releases', () => {
  it('a kill -9 halfway through an import leaves the database as it was', async () => {
    const { db, dir, path } = boundariesDb();
    importRelease(db, { release: '2023-12', files: [FIXTURE_FILES.release2023] });
    const before = snapshot(db);
    db.close();
    // A big file, so the child is surely mid-import when it reports progress and gets killed.
    const rows = [HEADER];
    for (let i = 0; i < 300_000; i++) rows.push(`K${i},3411AB,${(i % 900) + 1},${LOPIK},Polderglas,FTTH,1000,1000`);
    const big = writeCsv(dir, 'big.csv', rows);
    const script = join(dir, 'child.ts');
    writeFileSync(script, `
      import { writeSync } from 'node:fs';
      import { openWritable } from ${JSON.stringify(new URL('../../common/schema.ts', import.meta.url).pathname)};
      import { importRelease } from ${JSON.stringify(new URL('../../pipeline/import/index.ts', import.meta.url).pathname)};
      const db = openWritable(${JSON.stringify(path)});
      importRelease(db, { release: '2023-12', files: [${JSON.stringify(big)}], onProgress: (p) => {
        if (p.rowsRead >= 100000) { writeSync(1, 'halfway\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); }
      } });
    `);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('halfway')) resolve(); });
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const after = new Database(path);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(snapshot(after)).toEqual(before);
    after.close();
  });
});
