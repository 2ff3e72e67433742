// A browser session on the real client: the client built into `dir`, served by the real server over
// a database on an ephemeral port, and a headless chromium context (English, desktop size) on it.
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { buildClient } from '../../client/build.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer } from '../../server/main.ts';
import { launchBrowser } from './browser.ts';

export interface ClientSession {
  url: string;
  context: BrowserContext;
  /** Closes the browser and stops the server. */
  stop(): Promise<void>;
}

export async function startClientSession(db: string, dir: string): Promise<ClientSession> {
  const clientDir = join(dir, 'dist');
  await buildClient(clientDir);
  const server = await startServer(loadConfig({ db, port: 0, host: '127.0.0.1', clientDir }, {}));
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  return {
    url: server.url,
    context,
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}
