// Listening: starts createApp on the configured host and port and resolves once it listens.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AtlasApp } from './app.ts';
import { answerClientErrors } from './client-error.ts';
import type { Config } from './config.ts';

export interface RunningServer extends AtlasApp {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

export function startServer(config: Config): Promise<RunningServer> {
  const atlas = createApp(config);
  return new Promise((resolvePromise, reject) => {
    const server = atlas.app.listen(config.port, config.host);
    answerClientErrors(server);
    server.once('error', (err) => {
      atlas.close();
      reject(err);
    });
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      const stop = () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => {
            atlas.close();
            done();
          });
        });
      resolvePromise({ ...atlas, server, url: `http://${host}:${port}`, stop });
    });
  });
}
