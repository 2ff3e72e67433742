#!/usr/bin/env node
// Entry point of the `atlas` CLI: registers tsx so the TypeScript sources run as they are. `atlas
// serve` is first handed to its relay (serve-relay.js), which runs the server in a child Node with
// a heap limit before anything heavy is loaded here.
import { fileURLToPath } from 'node:url';

const [command, ...args] = process.argv.slice(2);
const relayed = command === 'serve' ? await (await import('./serve-relay.js')).relayServe(fileURLToPath(import.meta.url), args) : null;
if (relayed !== null) {
  process.exitCode = relayed;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
