// Runs a load in a child process and kills it with SIGKILL once it reports progress past 100,000
// rows, for the tests that a killed load leaves the database as it was.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `imports` is the module the load comes from (a path relative to the repository root) and `call`
 * the statement that runs it, with `db` (the opened database) and `onProgress` in scope.
 */
export async function killHalfway(dir: string, dbPath: string, imports: { name: string; module: string }, call: string): Promise<void> {
  const script = join(dir, 'child.ts');
  writeFileSync(
    script,
    `
    import { writeSync } from 'node:fs';
    import { openWritable } from ${JSON.stringify(new URL('../../common/schema.ts', import.meta.url).pathname)};
    import { ${imports.name} } from ${JSON.stringify(new URL(`../../${imports.module}`, import.meta.url).pathname)};
    const db = openWritable(${JSON.stringify(dbPath)});
    const onProgress = (p) => {
      if (p.rowsRead >= 100000) { writeSync(1, 'halfway\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); }
    };
    ${call};
  `,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('halfway')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
