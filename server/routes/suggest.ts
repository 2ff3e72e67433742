// GET /api/v1/suggest: what the search box offers while a person types: areas and places by name,
// addresses by postcode (and house number) or by their whole id. Every lookup is an index range, capped per request.
import { Router } from 'express';
import { z } from 'zod';
import { parseAddressQuery } from '../../common/address-query.ts';
import { SuggestionListSchema, type Suggestion, type SuggestionList } from '../../common/api.ts';
import type { AppContext } from '../context.ts';
import { parseQuery } from '../params.ts';
import { route } from '../route.ts';
import type { AddressRow } from '../store/addresses.ts';

export const MAX_SUGGESTIONS = 20;

/** "Zwaluwweg 1A-2, 9351AB Leek": street and number, then postcode and city, whatever is known. */
function addressLabel(a: AddressRow): string {
  const number = `${a.house_number ?? ''}${a.house_letter ?? ''}${a.house_number_suffix ? `-${a.house_number_suffix}` : ''}`;
  const first = [a.street, number].filter(Boolean).join(' ');
  const second = [a.postcode, a.city].filter(Boolean).join(' ');
  return [first, second].filter(Boolean).join(', ') || a.address_id;
}

/** Text that could start a postcode: letters and digits with at least one digit, at most 10 characters. */
function postcodePrefix(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  return /^[a-z0-9]{2,10}$/i.test(compact) && /\d/.test(compact) ? compact : null;
}

export function suggestRoutes(ctx: AppContext): Router {
  const query = z.object({
    release: ctx.params.release,
    q: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .meta({ description: 'what was typed: a name, a postcode, a postcode and house number, or an address id' }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_SUGGESTIONS)
      .default(8)
      .meta({ description: `most suggestions (1..${MAX_SUGGESTIONS}; default 8)` }),
  });

  function addresses(release: number, text: string, limit: number): Suggestion[] {
    const full = parseAddressQuery(text);
    const prefix = full ? null : postcodePrefix(text);
    // An address id typed whole (an FCC BDC location id, a BAG nummeraanduiding id) finds that address.
    const exact = ctx.store.addresses.byId(release, text);
    const rows = [
      ...(exact ? [exact] : []),
      ...(full
        ? ctx.store.addresses.byPostcode(release, full).slice(0, limit)
        : prefix
          ? ctx.store.addresses.byPostcodePrefix(release, prefix, limit)
          : []
      ).filter((a) => a.address_id !== exact?.address_id),
    ].slice(0, limit);
    return rows.map((a) => ({
      kind: 'address',
      label: withArea(addressLabel(a), a),
      address_id: a.address_id,
      postcode: a.postcode,
      house_number: a.house_number,
      house_letter: a.house_letter,
      house_number_suffix: a.house_number_suffix,
      street: a.street,
      city: a.city,
      area_code: a.area_code,
      lon: a.lon,
      lat: a.lat,
    }));
  }

  /** An address known only by its id (an FCC BDC location) is named with its area: "1000000000, Baker". */
  function withArea(label: string, a: AddressRow): string {
    const area = label === a.address_id ? ctx.store.areas.find(a.area_code)?.name : undefined;
    return area ? `${label}, ${area}` : label;
  }

  function names(release: number, text: string, limit: number): Suggestion[] {
    return ctx.store.names.search(release, text, limit).map((hit): Suggestion => {
      if (hit.kind === 'area') return { ...hit, label: hit.name };
      const areaName = ctx.store.areas.find(hit.area_code)?.name ?? null;
      const label = areaName && areaName !== hit.name ? `${hit.name}, ${areaName}` : hit.name;
      return { ...hit, label, area_name: areaName };
    });
  }

  const router = Router();
  route(router, ctx, {
    path: '/api/v1/suggest',
    tag: 'areas',
    summary: 'Suggestions for a search box: areas and places whose name (or a word of it) starts with q, and addresses by postcode or id',
    description:
      'A postcode and house number ("1234AB 5") gives the addresses there; a postcode or its start gives the first addresses in postcode order; an address id typed whole (an FCC BDC location id) gives that address first; other text gives areas (any level) and places, whole-name matches first.',
    query,
    response: SuggestionListSchema,
    json: (req): SuggestionList => {
      const q = parseQuery(query, req);
      const release = ctx.store.releases.resolve(q.release);
      const found = [...addresses(release.id, q.q, q.limit), ...names(release.id, q.q, q.limit)].slice(0, q.limit);
      return { release: release.label, q: q.q, suggestions: found };
    },
  });
  return router;
}
