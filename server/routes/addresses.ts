// GET /api/v1/addresses?postcode=&house_number= and /api/v1/addresses/{address_id}.
import { Router } from 'express';
import { z } from 'zod';
import { resolveSelection, selectionShape, type AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import {
  AddressByIdResultSchema,
  AddressSearchResultSchema,
  type Address,
  type AddressByIdResult,
  type AddressSearchResult,
} from '../../common/api.ts';
import { parsePath, parseQuery } from '../params.ts';
import { route } from '../route.ts';
import type { AddressRow } from '../store/addresses.ts';
import type { Threshold } from '../../common/types.ts';
import type { Area } from '../store/areas.ts';
import type { Release } from '../store/releases.ts';

export function addressesRoutes(ctx: AppContext): Router {
  const p = ctx.params;
  const searchQuery = z.object({
    ...selectionShape(p),
    postcode: z.string().min(1).max(16).meta({ description: 'postcode; spaces and case do not matter', example: '1234 ab' }),
    house_number: z.coerce.number().int().min(0).max(999999),
    house_letter: z.string().min(1).max(8).optional(),
    house_number_suffix: z.string().min(1).max(16).optional(),
  });
  const idQuery = z.object(selectionShape(p));
  const idPath = z.object({ address_id: z.string().min(1).max(64) });
  // An address keeps its area code even if that area's boundaries were since replaced.
  const areaOf = (code: string): Pick<Area, 'code' | 'name' | 'level' | 'parent_code'> | { code: string } => {
    const found = ctx.store.areas.find(code);
    if (!found) return { code };
    const { bbox: _bbox, ...area } = found;
    return area;
  };
  const present = (row: AddressRow, threshold: Threshold, release: Release): Address => {
    const { area_code, ...detail } = ctx.store.addresses.detail(row, threshold);
    // Only a release whose positions are not buildings' points says how exact they are.
    const precision = release.location_precision === 'h3r8' ? { location_precision: 'h3r8' as const } : {};
    return { ...detail, ...precision, area: areaOf(area_code) };
  };

  const router = Router();
  route(router, ctx, {
    path: '/api/v1/addresses',
    tag: 'addresses',
    summary: 'Addresses at a postcode and house number, with every offer',
    query: searchQuery,
    response: AddressSearchResultSchema,
    json: (req): AddressSearchResult => {
      const q = parseQuery(searchQuery, req);
      const { release, threshold, echo } = resolveSelection(ctx, q);
      const rows = ctx.store.addresses.byPostcode(release.id, q);
      return { ...echo, addresses: rows.map((row) => present(row, threshold, release)) };
    },
  });
  route(router, ctx, {
    path: '/api/v1/addresses/{address_id}',
    tag: 'addresses',
    summary: 'One address with every offer',
    params: idPath,
    query: idQuery,
    response: AddressByIdResultSchema,
    json: (req): AddressByIdResult => {
      const { address_id } = parsePath(idPath, req);
      const { release, threshold, echo } = resolveSelection(ctx, parseQuery(idQuery, req));
      const row = ctx.store.addresses.byId(release.id, address_id);
      if (!row) throw new HttpError(404, 'unknown_address', `No address '${address_id}' in release '${release.label}'.`, 'address_id');
      return { ...echo, address: present(row, threshold, release) };
    },
  });
  return router;
}
