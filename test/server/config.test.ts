// Configuration: every key documented in the README, env and flags read, bad values refused clearly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, envName, flagName, loadConfig } from '../../server/config.ts';

function readmeSection(title: string): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('configuration', () => {
  it('documents every key with its flag and environment variable in the README "Configuration" section', () => {
    const section = readmeSection('Configuration');
    for (const key of Object.keys(CONFIG_KEYS)) {
      expect(section, key).toContain(`\`${key}\``);
      expect(section, key).toContain(`\`${envName(key)}\``);
      expect(section, key).toContain(`\`--${flagName(key)}\``);
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
