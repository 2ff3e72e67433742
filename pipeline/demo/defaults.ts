// The demo's defaults, NL and US: where the database goes, its scale and seed, the US states. Kept
// apart from the builders so that the CLI can parse and explain options before it loads them.
import { join } from 'node:path';
import { DATA_DIR } from './reference.ts';

export const DEFAULT_DEMO_DB = join(DATA_DIR, 'atlas.sqlite');
export const DEFAULT_DEMO_SCALE = 0.1;
export const DEFAULT_DEMO_SEED = 2024;

export const DEFAULT_US_DEMO_DB = join(DATA_DIR, 'atlas-us.sqlite');
/** California and Oregon. */
export const DEFAULT_US_STATES: readonly string[] = ['06', '41'];
export const DEFAULT_US_DEMO_SCALE = 0.05;
