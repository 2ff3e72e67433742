// What every route module receives: configuration, store, parameter schemas, tile layers, and the
// list of route descriptions the OpenAPI document is built from (filled by route()).
import type { Request } from 'express';
import { z } from 'zod';
import { creditsFor } from '../common/attribution.ts';
import { defaultThreshold, goalTarget } from '../common/definitions.ts';
import type { Threshold } from '../common/types.ts';
import type { Config } from './config.ts';
import { exportMeta, type ExportMeta } from './export/table.ts';
import { createJsonCache, type JsonCache } from './json-cache.ts';
import type { RouteDoc } from './openapi.ts';
import { paramSchemas, type ParamSchemas } from './params.ts';
import type { Store } from './store/index.ts';
import type { Release } from './store/releases.ts';
import type { TileLayers } from './tiles/index.ts';

export interface AppContext {
  config: Config;
  store: Store;
  params: ParamSchemas;
  tiles: TileLayers;
  /** Serialised JSON answers by URL, dropped when the database changes. */
  json: JsonCache;
  /** Every route, as route() registered it: the OpenAPI document is built from these. */
  docs: RouteDoc[];
}

export function createContext(config: Config, store: Store, tiles: TileLayers): AppContext {
  const docs: RouteDoc[] = [];
  const json = createJsonCache(config.jsonCacheMb);
  store.dataVersion.onChange(() => json.clear());
  return { config, store, params: paramSchemas(config, store.definitions), tiles, json, docs };
}

/** The credits every answer shows: the attribution setting, else those stored with the boundaries (common/attribution.ts). */
export function creditsOf(ctx: AppContext): string[] {
  return creditsFor(ctx.config.attribution, ctx.store.areas.credits());
}

/** The query parameters that choose data: release and the coverage threshold. */
export function selectionShape(p: ParamSchemas) {
  return { release: p.release, down: p.selectionDown, up: p.up, fixed_only: p.fixed_only };
}
const selectionSchema = (p: ParamSchemas) => z.object(selectionShape(p));
/** A parsed selection; routes whose data has no fixed-line half (clusters) leave `fixed_only` out. */
export type Selection = Omit<z.output<ReturnType<typeof selectionSchema>>, 'fixed_only'> & { fixed_only?: boolean };

export interface Resolved {
  release: Release;
  threshold: Threshold;
  /** What every response echoes. */
  echo: { release: string; threshold: Threshold };
  /** What every export row carries. */
  meta: ExportMeta;
}

/** Resolves release (404 when unknown) and threshold of a parsed selection. */
export function resolveSelection(ctx: AppContext, q: Selection): Resolved {
  const release = ctx.store.releases.resolve(q.release);
  // No `down`: the goal, download and upload; a `down` without `up`: no upload condition.
  const goal = defaultThreshold(ctx.store.definitions());
  const threshold: Threshold = {
    down: q.down ?? goal.down,
    up: q.up ?? (q.down === undefined ? goal.up : null),
    fixed_only: q.fixed_only ?? goal.fixed_only,
  };
  return {
    release,
    threshold,
    echo: { release: release.label, threshold },
    meta: exportMeta(release),
  };
}

/**
 * The coverage goal: the one `atlas init` stored with the database's definitions, else the
 * configuration's (goalYear, goalPct) over the default definitions.
 */
export function goalOf(ctx: AppContext): { year: number; pct: number } {
  return goalTarget(ctx.store.definitions(), { year: ctx.config.goalYear, pct: ctx.config.goalPct });
}

/**
 * Base of the links the server hands out (TileJSON): the configured public URL; else, behind a
 * trusted proxy, its X-Forwarded-Proto and X-Forwarded-Host; else '' (root-relative links), so the
 * client's Host header is never reflected into a publicly cached answer.
 */
export function baseUrl(config: Config, req: Request): string {
  if (config.publicUrl) return config.publicUrl;
  if (!config.trustProxy) return '';
  const proto = req.get('x-forwarded-proto')?.split(',')[0].trim().toLowerCase();
  const host = req.get('x-forwarded-host')?.split(',')[0].trim();
  if (!host || !/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host)) return '';
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}
