// Runs `npm start` as a newcomer does, but on a database in a temp dir and on a free port: the
// package.json start script with `--db PATH` appended. Resolves once the server says where it
// listens; stop() ends the whole process group it started (npm, the build and the server).
import { spawn } from 'node:child_process';

export interface NpmStart {
  url: string;
  /** performance.now() when `npm start` was launched. */
  startedAt: number;
  output(): string;
  stop(): Promise<void>;
}

export function npmStart(db: string, extraArgs: string[] = [], env: Record<string, string> = {}, timeoutMs = 300_000): Promise<NpmStart> {
  const startedAt = performance.now();
  const child = spawn('npm', ['start', '--silent', '--', '--db', db, ...extraArgs], {
    env: { ...process.env, ATLAS_PORT: '0', ATLAS_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`npm start did not serve within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /serving .* at (http:\/\/\S+?)\/?\s/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, startedAt, output: () => output, stop });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before serving:\n${output}`));
    });
  });
}
