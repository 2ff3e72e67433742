#!/usr/bin/env node
// Entry point of the `atlas` CLI. It runs the CLI's esbuild bundle (cli-bundle.js), built again here
// when a source file changed, or else the TypeScript sources through tsx. ATLAS_BUNDLE=0 always runs
// tsx; ATLAS_BUNDLE=1 runs the bundle or fails saying why there is none. `atlas serve` is first
// handed to its relay (serve-relay.js), which runs the server in a child Node with a heap limit
// before anything heavy is loaded here.
import { fileURLToPath } from 'node:url';

const [command, ...args] = process.argv.slice(2);
const relayed = command === 'serve' ? await (await import('./serve-relay.js')).relayServe(fileURLToPath(import.meta.url), args) : null;
if (relayed !== null) {
  process.exitCode = relayed;
} else {
  const wanted = process.env.ATLAS_BUNDLE;
  let why = '';
  const bundle = wanted === '0' ? null : await (await import('./cli-bundle.js')).bundledCli({ reason: (r) => (why = r) });
  let main;
  if (bundle) {
    ({ main } = await import(bundle.href));
  } else if (wanted === '1') {
    console.error(`atlas: ATLAS_BUNDLE=1, but there is no CLI bundle to run (${why}). Run \`npm run build:cli\` to see why.`);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('../cli/main.ts'));
  }
  process.exitCode = main ? await main(process.argv.slice(2)) : 1;
}
