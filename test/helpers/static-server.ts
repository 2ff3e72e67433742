// Starts test/helpers/static-server.py (Python's http.server with byte ranges) over a directory on an
// ephemeral loopback port: the "plain static file server" a static site is tested and measured on.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./static-server.py', import.meta.url));

export interface StaticServer {
  url: string;
  stop(): Promise<void>;
}

export function startStaticServer(dir: string): Promise<StaticServer> {
  const child: ChildProcess = spawn('python3', [SCRIPT, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`static-server.py exited with ${code} before listening`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /PORT (\d+)/.exec(out)?.[1];
      if (!port) return;
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}
