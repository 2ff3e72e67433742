// The server's configuration: one zod schema, a default and a doc line per key, read from command
// line flags and ATLAS_* environment variables and validated once at start-up.
import { z } from 'zod';
import { DEFAULT_ATTRIBUTION } from '../common/attribution.ts';

/** Every key: its schema (with default) and the line the docs/configuration.md table shows. */
export const CONFIG_KEYS = {
  db: { schema: z.string().min(1).default('data/atlas.sqlite'), doc: 'SQLite database to serve (opened read-only)' },
  port: { schema: z.coerce.number().int().min(0).max(65535).default(3000), doc: 'TCP port to listen on (0: any free port)' },
  host: { schema: z.string().min(1).default('127.0.0.1'), doc: 'interface to listen on; 0.0.0.0 for every interface' },
  name: { schema: z.string().min(1).default('Gigabit Atlas'), doc: 'name shown by the client and in /api/v1/meta' },
  attribution: {
    schema: z.string().optional(),
    doc: `credits shown with the map, reports and exports, separated by \`;\`; unset: those stored with the boundaries (atlas boundaries --attribution), else "${DEFAULT_ATTRIBUTION}"`,
  },
  basemapStyleUrl: {
    schema: z.url().optional(),
    doc: 'optional MapLibre style URL of an external basemap; unset: the client draws only its own layers',
  },
  goalYear: {
    schema: z.coerce.number().int().min(2000).max(2100).default(2030),
    doc: 'year of the coverage goal the client measures progress against (a database whose `atlas init` stored a goal uses that one)',
  },
  goalPct: {
    schema: z.coerce.number().min(0).max(100).default(100),
    doc: 'share of addresses (%) covered at the default threshold that the goal asks for (likewise)',
  },
  corsOrigin: {
    schema: z.string().default('*'),
    doc: 'allowed CORS origins: `*`, a comma-separated list of origins, or empty to send no CORS headers',
  },
  tileCacheControl: { schema: z.string().default('public, max-age=3600'), doc: 'Cache-Control header of tiles and TileJSON' },
  apiCacheControl: { schema: z.string().default('no-cache'), doc: 'Cache-Control header of JSON API responses' },
  tileCacheMb: {
    schema: z.coerce.number().min(0).default(96),
    doc: 'megabytes of gzipped tiles kept in memory (least recently used are dropped; 0 disables the cache)',
  },
  indexCacheMb: {
    schema: z.coerce.number().min(0).default(192),
    doc: 'megabytes of tile indexes (uncovered points, H3 cells, cluster shapes per release and threshold) kept in memory',
  },
  jsonCacheMb: {
    schema: z.coerce.number().min(0).default(16),
    doc: 'megabytes of JSON API answers kept in memory until the database changes (0 disables the cache)',
  },
  maxTilePoints: {
    schema: z.coerce.number().int().min(1).default(5000),
    doc: 'most single addresses in one `uncovered` tile; a denser tile shows aggregates instead',
  },
  maxBboxDeg: {
    schema: z.coerce.number().positive().default(1),
    doc: 'largest width and height (degrees) of a `bbox` query parameter',
  },
  defaultLimit: { schema: z.coerce.number().int().min(1).default(100), doc: 'page size of /api/v1/uncovered without `limit`' },
  maxLimit: { schema: z.coerce.number().int().min(1).default(5000), doc: 'largest `limit` a request may ask for' },
  maxHeapMb: {
    schema: z.coerce.number().int().min(0).default(320),
    doc: "V8 heap limit (MB) `atlas serve` runs Node with (--max-old-space-size), so garbage is collected before RSS grows; 0: Node's default",
  },
  reportTimeoutSeconds: {
    schema: z.coerce.number().positive().max(3600).default(60),
    doc: 'longest time (seconds) one PDF report may take in its worker thread; a report over it answers 503',
  },
  downloadsDir: {
    schema: z.string().optional(),
    doc: 'directory where GET /api/v1/downloads builds and keeps its whole files (GeoPackage, CSVs); unset: `<db>.downloads` beside the database. The server must be able to write it',
  },
  clientDir: { schema: z.string().min(1).default('client/dist'), doc: 'directory of the built web client served at `/`' },
  publicUrl: {
    schema: z
      .url({ protocol: /^https?$/ })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    doc: 'base URL the public reaches the server at (e.g. `https://atlas.example.org`), for links in TileJSON; unset: root-relative links',
  },
  trustProxy: {
    schema: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    doc: '`true` behind a reverse proxy you control: links use its `X-Forwarded-Proto` and `X-Forwarded-Host` (ignored when `publicUrl` is set)',
  },
} as const;

type Keys = typeof CONFIG_KEYS;
export type ConfigKey = keyof Keys;
export type Config = { [K in ConfigKey]: z.output<Keys[K]['schema']> };

const configSchema = z.object(
  Object.fromEntries(Object.entries(CONFIG_KEYS).map(([k, v]) => [k, v.schema])) as { [K in ConfigKey]: Keys[K]['schema'] },
);

export class ConfigError extends Error {}

/** `tileCacheControl` -> `ATLAS_TILE_CACHE_CONTROL`. */
export function envName(key: string): string {
  return `ATLAS_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** `tileCacheControl` -> `tile-cache-control` (the `atlas serve` flag). */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Config from environment variables, overridden by explicit values (flags); throws ConfigError. */
export function loadConfig(overrides: Partial<Record<ConfigKey, unknown>> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(CONFIG_KEYS)) {
    const fromEnv = env[envName(key)];
    if (fromEnv !== undefined && fromEnv !== '') raw[key] = fromEnv;
    const given = overrides[key as ConfigKey];
    if (given !== undefined) raw[key] = given;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return `  ${key} (--${flagName(key)} or ${envName(key)}): ${issue.message}; got ${JSON.stringify(raw[key])}`;
    });
    throw new ConfigError(`Invalid server configuration:\n${lines.join('\n')}`);
  }
  return parsed.data as Config;
}
