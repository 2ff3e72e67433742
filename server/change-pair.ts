// The `from`/`to` release pair of the changes routes and tiles: its query parameters and how they resolve
// (to: the newest release by default; from: the release before `to`), with 400/404 naming the parameter.
import { z } from 'zod';
import type { Threshold } from '../common/types.ts';
import type { AppContext } from './context.ts';
import { HttpError } from './errors.ts';
import type { ParamSchemas } from './params.ts';
import { NotFound } from './store/errors.ts';
import type { Release } from './store/releases.ts';

export function pairShape(p: ParamSchemas) {
  const label = (what: string) => z.string().min(1).max(100).optional().meta({ description: what });
  return {
    from: label('release label to compare from; default: the release before `to`'),
    to: label('release label to compare to; default: the newest release'),
    down: p.down,
    up: p.up,
  };
}

export interface ResolvedPair {
  from: Release;
  to: Release;
  threshold: Threshold;
}

export function resolvePair(
  ctx: AppContext,
  q: { from?: string; to?: string; down: Threshold['down']; up?: Threshold['up'] },
): ResolvedPair {
  const releases = ctx.store.releases.list();
  const find = (label: string, parameter: string): Release => {
    const found = releases.find((r) => r.label === label);
    if (found) return found;
    const known = releases.map((r) => r.label).join(', ') || 'none';
    throw new NotFound('unknown_release', `Unknown release '${label}' for \`${parameter}\`; known releases: ${known}.`, parameter);
  };
  const to = q.to === undefined ? ctx.store.releases.resolve() : find(q.to, 'to');
  let from: Release;
  if (q.from !== undefined) from = find(q.from, 'from');
  else {
    const before = releases[releases.findIndex((r) => r.id === to.id) - 1];
    if (!before) {
      throw new NotFound(
        'no_previous_release',
        `Release '${to.label}' is the oldest; there is no release before it to compare with. Give \`from\`.`,
        'from',
      );
    }
    from = before;
  }
  if (from.id === to.id)
    throw new HttpError(400, 'invalid_parameter', `\`from\` and \`to\` are both '${to.label}'; compare two releases.`, 'from');
  return { from, to, threshold: { down: q.down, up: q.up ?? null, fixed_only: false } };
}
