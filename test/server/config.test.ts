// Configuration: every key documented in docs/configuration.md, env and flags read, bad values refused clearly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, envName, flagName, loadConfig } from '../../server/config.ts';

const CONFIGURATION_PAGE = new URL('../../docs/configuration.md', import.meta.url);

describe('configuration', () => {
  it('documents every key with its flag and environment variable in one row of docs/configuration.md', () => {
    const rows = readFileSync(CONFIGURATION_PAGE, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    for (const key of Object.keys(CONFIG_KEYS)) {
      const row = rows.find((line) => line.startsWith(`| \`${key}\` |`));
      expect(row, `docs/configuration.md has a table row for ${key}`).toBeDefined();
      expect(row, key).toContain(`\`--${flagName(key)}\``);
      expect(row, key).toContain(`\`${envName(key)}\``);
    }
  });

  it('reads ATLAS_* variables and lets explicit flags win over them', () => {
    const config = loadConfig({ port: '4001' }, { ATLAS_PORT: '4000', ATLAS_TILE_CACHE_CONTROL: 'no-store', ATLAS_HOST: '0.0.0.0' });
    expect(config).toMatchObject({ port: 4001, host: '0.0.0.0', tileCacheControl: 'no-store', db: 'data/atlas.sqlite' });
  });

  it('refuses a bad value naming the key, its flag and its variable', () => {
    expect(() => loadConfig({}, { ATLAS_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { ATLAS_PORT: 'eighty' })).toThrow(/port \(--port or ATLAS_PORT\).*"eighty"/);
    expect(() => loadConfig({ basemapStyleUrl: 'not a url' }, {})).toThrow(/basemapStyleUrl/);
  });
});
