// Request parameters: zod schemas shared by the routes and the OpenAPI document, and the parser that
// turns a bad or unknown parameter into HttpError 400 naming it.
import type { Request } from 'express';
import { z } from 'zod';
import { BEST_TECHNOLOGIES, LEVEL_NAME, WIRELESS_TECHNOLOGIES } from '../common/constants.ts';
import type { CoverageDefinitions } from '../common/definitions.ts';
import type { Config } from './config.ts';
import { HttpError } from './errors.ts';

/**
 * One of the database's thresholds in one direction, written as a query string value: the list is
 * read when a request is parsed (it is data, GET /api/v1/meta), and a bad value's 400 names it.
 */
function thresholdChoice(direction: string, values: () => readonly number[]) {
  return z.string().transform((text, ctx) => {
    const allowed = values();
    const value = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || !allowed.includes(value)) {
      ctx.addIssue({ code: 'custom', message: `expected one of this database's ${direction} thresholds: ${allowed.join(', ')}` });
      return z.NEVER;
    }
    return value;
  });
}

export type Bbox = [west: number, south: number, east: number, north: number];

/** A bbox of four numbers; with `threeD`, six (west,south,min,east,north,max) are also taken and the heights dropped. */
function bboxSchema(maxDeg: number, threeD = false) {
  return z
    .string()
    .transform((text, ctx) => {
      let parts = text.split(',').map((p) => Number(p.trim()));
      if (threeD && parts.length === 6) parts = [parts[0], parts[1], parts[3], parts[4]];
      if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
        ctx.addIssue({ code: 'custom', message: `expected four numbers west,south,east,north${threeD ? ' (or six with heights)' : ''}` });
        return z.NEVER;
      }
      const [w, s, e, n] = parts;
      if (w < -180 || e > 180 || s < -90 || n > 90 || w >= e || s >= n) {
        ctx.addIssue({ code: 'custom', message: 'expected -180 <= west < east <= 180 and -90 <= south < north <= 90' });
        return z.NEVER;
      }
      if (e - w > maxDeg || n - s > maxDeg) {
        ctx.addIssue({ code: 'custom', message: `bbox too large: at most ${maxDeg} degrees wide and high` });
        return z.NEVER;
      }
      return parts as Bbox;
    })
    .meta({ description: 'west,south,east,north in WGS84 degrees', example: '4.85,52.34,4.95,52.40' });
}

/** A comma-separated list of best technologies (NONE: no offer), each named once. */
const technologyList = z
  .string()
  .transform((text, ctx) => {
    const names = text.split(',').map((t) => t.trim().toUpperCase());
    const unknown = names.find((t) => !(BEST_TECHNOLOGIES as readonly string[]).includes(t));
    if (unknown !== undefined) {
      ctx.addIssue({ code: 'custom', message: `unknown technology '${unknown}'; allowed: ${BEST_TECHNOLOGIES.join(', ')}` });
      return z.NEVER;
    }
    return [...new Set(names)].sort();
  })
  .meta({
    description: `keep addresses whose best technology is one of these (comma-separated): ${BEST_TECHNOLOGIES.join(', ')}; NONE is no offer`,
    example: 'NONE,ADSL,VDSL',
  });

/** Keyset cursor: the last row id of the previous page, opaque to clients. */
export function encodeCursor(lastId: number): string {
  return Buffer.from(`after:${lastId}`).toString('base64url');
}

const cursorSchema = z
  .string()
  .transform((text, ctx) => {
    const match = /^after:(\d{1,15})$/.exec(Buffer.from(text, 'base64url').toString());
    if (!match) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor from a previous page (use its next_cursor as is)' });
      return z.NEVER;
    }
    return Number(match[1]);
  })
  .meta({ description: 'next_cursor of the previous page' });

/**
 * The parameter pieces routes compose; limits come from the configuration, the allowed thresholds
 * from the database's coverage definitions (read per request: they are data).
 */
export function paramSchemas(
  config: Pick<Config, 'maxBboxDeg' | 'maxLimit' | 'defaultLimit'>,
  definitions: () => Pick<CoverageDefinitions, 'down' | 'up' | 'goal'>,
) {
  const now = definitions();
  // The OpenAPI document lists the values the database had when the server started.
  const downDoc = (defaultText: string) => ({
    enum: now.down.map(String),
    description:
      `download threshold (Mbit/s) an address must reach to count as covered: one of the database's (GET /api/v1/meta ` +
      `definitions; here ${now.down.join(', ')}); default ${defaultText}`,
  });
  const downChoice = () => thresholdChoice('download', () => definitions().down);
  return {
    release: z.string().min(1).max(100).optional().meta({ description: 'release label; default: the newest release' }),
    down: downChoice()
      .prefault(() => String(definitions().goal.down))
      .meta(downDoc(`the goal's, ${now.goal.down}`)),
    /**
     * `down` of the data selections (resolveSelection): without it the whole goal applies, its
     * download and its upload (100/20 with the FCC's tiers).
     */
    selectionDown: downChoice()
      .optional()
      .meta(downDoc(`the goal, download and upload (here ${now.goal.down}${now.goal.up === null ? '' : `/${now.goal.up}`})`)),
    up: thresholdChoice('upload', () => definitions().up)
      .optional()
      .meta({
        enum: now.up.map(String),
        description: `optional upload threshold (Mbit/s) an address must also reach to count as covered: one of the database's (here ${now.up.join(', ')})`,
      }),
    fixed_only: z
      .enum(['0', '1'])
      .default('0')
      .transform((v) => v === '1')
      .meta({
        description:
          `1: only fixed lines count as coverage; offers by ${WIRELESS_TECHNOLOGIES.join(', ')} are left out and an address ` +
          'is covered by its best other offer. Default 0',
      }),
    /** Best technologies to keep (uncovered lists and the uncovered tile layer). */
    technology: technologyList.optional(),
    level: z
      .string()
      .regex(LEVEL_NAME, 'a level name: lower-case letters, digits and _ (e.g. municipality, county)')
      .meta({ description: 'area level as loaded (GET /api/v1/meta lists them)' }),
    areaCode: z.string().min(1).max(64).meta({ description: 'area code as loaded, e.g. GM0363' }),
    bbox: bboxSchema(config.maxBboxDeg),
    /** OGC API Features bbox: any size (pages bound the work), 4 or 6 numbers. */
    ogcBbox: bboxSchema(360, true),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(config.maxLimit)
      .default(config.defaultLimit)
      .meta({ description: `page size, 1 to ${config.maxLimit}; default ${config.defaultLimit}` }),
    cursor: cursorSchema.optional(),
  };
}
export type ParamSchemas = ReturnType<typeof paramSchemas>;

const strictVersions = new WeakMap<z.ZodObject, z.ZodObject>();

/** Validates values (query or path) against an object schema; unknown keys and bad values -> 400. */
export function parseValues<S extends z.ZodObject>(schema: S, values: Record<string, unknown>): z.output<S> {
  let strict = strictVersions.get(schema);
  if (!strict) strictVersions.set(schema, (strict = z.strictObject(schema.shape)));
  const result = strict.safeParse(values);
  if (result.success) return result.data as z.output<S>;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const allowed = Object.keys(schema.shape).join(', ') || 'none';
    throw new HttpError(400, 'unknown_parameter', `Unknown parameter '${issue.keys[0]}'; allowed: ${allowed}.`, issue.keys[0]);
  }
  const parameter = String(issue.path[0]);
  const got = values[parameter];
  // Absent: the validator's own words would be about the value it coerced (e.g. "received NaN").
  const message =
    got === undefined
      ? `Missing parameter '${parameter}': this request needs it.`
      : `Invalid value for parameter '${parameter}': ${issue.message}; got ${JSON.stringify(got)}.`;
  throw new HttpError(400, 'invalid_parameter', message, parameter);
}

export function parseQuery<S extends z.ZodObject>(schema: S, req: Request): z.output<S> {
  return parseValues(schema, req.query as Record<string, unknown>);
}

export function parsePath<S extends z.ZodObject>(schema: S, req: Request): z.output<S> {
  return parseValues(schema, req.params as Record<string, unknown>);
}
