// Single addresses: lookup by postcode and house number or by id, with every offer.
import type { AddressDetail } from '../../common/api.ts';
import { decodeOffers } from '../../common/offers.ts';
import type { Threshold } from '../../common/types.ts';
import type { DB } from './db.ts';
import { coverClasses } from './figures.ts';
import type { ClassThresholds, CoverageDefinitions } from '../../common/definitions.ts';

export interface AddressRow {
  id: number;
  address_id: string;
  postcode: string | null;
  house_number: number | null;
  house_letter: string | null;
  house_number_suffix: string | null;
  street: string | null;
  city: string | null;
  area_code: string;
  lon: number;
  lat: number;
  best_down: number;
  best_up: number;
  best_technology: string;
  down_class: number;
  up_class: number;
  fixed_down_class: number;
  fixed_up_class: number;
  offers: string;
}

export const ADDRESS_COLUMNS = `id, address_id, postcode, house_number, house_letter, house_number_suffix, street, city,
  area_code, lon, lat, best_down, best_up, best_technology, down_class, up_class, fixed_down_class, fixed_up_class, offers`;

/** Postcodes are stored normalised: no spaces, upper case (e.g. 1234AB). */
export function normalisePostcode(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

export function isCovered(
  row: Pick<AddressRow, 'down_class' | 'up_class' | 'fixed_down_class' | 'fixed_up_class'>,
  threshold: Threshold,
  t: ClassThresholds,
): boolean {
  const { dc, uc, fixed } = coverClasses(threshold, t);
  return fixed ? row.fixed_down_class >= dc && row.fixed_up_class >= uc : row.down_class >= dc && row.up_class >= uc;
}

export function toAddressDetail(row: AddressRow, threshold: Threshold, t: ClassThresholds): AddressDetail {
  const offers = decodeOffers(row.offers);
  return {
    address_id: row.address_id,
    postcode: row.postcode,
    house_number: row.house_number,
    house_letter: row.house_letter,
    house_number_suffix: row.house_number_suffix,
    street: row.street,
    city: row.city,
    location: { lon: row.lon, lat: row.lat },
    area_code: row.area_code,
    best: { down: row.best_down, up: row.best_up, technology: row.best_technology },
    offers,
    covered: isCovered(row, threshold, t),
  };
}

export interface PostcodeQuery {
  postcode: string;
  house_number: number;
  house_letter?: string;
  house_number_suffix?: string;
}

/**
 * SQL of the row ids of a release's addresses that pass `where`, ordered and limited by `tail`, both naming
 * the address's own columns with a leading `$` (`$postcode`), which becomes the table of either half: found in addresses_by_id / addresses_by_postcode for a release
 * holding its own addresses, in the register's indexes for one over a shared register (common/schema.ts,
 * migration 17). A release is one or the other, so one half of the union is always empty.
 */
function rowIdsWhere(where: string, tail = ''): string {
  const own = where.replace(/\$/g, '');
  const shared = where.replace(/\$/g, 'r.');
  return `SELECT id FROM (SELECT id FROM address_rows WHERE release_id = @release AND register_row IS NULL AND ${own} ${tail.replace(/\$/g, '')})
    UNION ALL
    SELECT id FROM (SELECT r.id + rel.register_offset AS id FROM releases rel JOIN register_addresses r ON r.register_id = rel.register_id
      WHERE rel.id = @release AND rel.register_offset IS NOT NULL AND ${shared} ${tail.replace(/\$/g, 'r.')})`;
}

export function createAddressStore(db: DB, definitions: () => CoverageDefinitions) {
  const byId = db.prepare<{ release: number; id: string }, AddressRow>(
    `SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE id IN (${rowIdsWhere('$address_id = @id')})`,
  );
  // Letter and suffix narrow the match only when given; compared case-insensitively.
  const byPostcode = db.prepare<
    { release: number; postcode: string; number: number; letter: string | null; suffix: string | null },
    AddressRow
  >(
    `SELECT ${ADDRESS_COLUMNS} FROM addresses
      WHERE id IN (${rowIdsWhere('$postcode = @postcode AND $house_number = @number')})
        AND (@letter IS NULL OR UPPER(COALESCE(house_letter, '')) = UPPER(@letter))
        AND (@suffix IS NULL OR UPPER(COALESCE(house_number_suffix, '')) = UPPER(@suffix))
      ORDER BY house_letter IS NOT NULL, house_letter, house_number_suffix IS NOT NULL, house_number_suffix, id`,
  );

  // The first addresses of the postcodes starting with a prefix: one range of addresses_by_postcode (or the register's index).
  const order = 'ORDER BY $postcode, $house_number, $house_letter, $house_number_suffix';
  const byPostcodePrefix = db.prepare<{ release: number; from: string; to: string; limit: number }, AddressRow>(
    `SELECT ${ADDRESS_COLUMNS} FROM addresses
      WHERE id IN (${rowIdsWhere('$postcode >= @from AND $postcode < @to', `${order} LIMIT @limit`)})
      ${order.replace(/\$/g, '')} LIMIT @limit`,
  );

  return {
    /** Whether an address row is covered at a threshold (of this database's definitions). */
    isCovered: (row: AddressRow, threshold: Threshold) => isCovered(row, threshold, definitions()),
    /** An address row as the API answers it. */
    detail: (row: AddressRow, threshold: Threshold) => toAddressDetail(row, threshold, definitions()),
    /** Up to `limit` addresses whose postcode starts with `prefix`, in postcode and number order. */
    byPostcodePrefix(release: number, prefix: string, limit: number): AddressRow[] {
      const from = normalisePostcode(prefix);
      return byPostcodePrefix.all({ release, from, to: `${from}\uffff`, limit });
    },
    byId(release: number, addressId: string): AddressRow | undefined {
      return byId.get({ release, id: addressId });
    },
    byPostcode(release: number, q: PostcodeQuery): AddressRow[] {
      return byPostcode.all({
        release,
        postcode: normalisePostcode(q.postcode),
        number: q.house_number,
        letter: q.house_letter ?? null,
        suffix: q.house_number_suffix ?? null,
      });
    },
  };
}
export type AddressStore = ReturnType<typeof createAddressStore>;
