// Uncovered addresses grouped the way a reader looks them up: one row per postcode and street,
// with the house numbers in order.
import type { ReportAddress } from './model.ts';

export interface AddressGroup {
  postcode: string;
  street: string;
  city: string;
  numbers: string[];
}

const text = (s: string | null) => s ?? '';
const collator = new Intl.Collator(undefined, { numeric: true });

function compare(a: ReportAddress, b: ReportAddress): number {
  return (
    collator.compare(text(a.postcode), text(b.postcode)) ||
    collator.compare(text(a.street), text(b.street)) ||
    collator.compare(text(a.city), text(b.city)) ||
    (a.house_number ?? 0) - (b.house_number ?? 0) ||
    collator.compare(text(a.house_letter), text(b.house_letter)) ||
    collator.compare(text(a.house_number_suffix), text(b.house_number_suffix))
  );
}

/** "12", "12a", "12a-2": number, letter, then the suffix after a dash. */
export function houseNumber(a: ReportAddress): string {
  const suffix = a.house_number_suffix ? `-${a.house_number_suffix}` : '';
  return `${a.house_number ?? ''}${a.house_letter ?? ''}${suffix}`;
}

export function groupAddresses(addresses: ReportAddress[]): AddressGroup[] {
  const groups: AddressGroup[] = [];
  let last: AddressGroup | undefined;
  for (const a of [...addresses].sort(compare)) {
    const [postcode, street, city] = [text(a.postcode), text(a.street), text(a.city)];
    if (!last || last.postcode !== postcode || last.street !== street || last.city !== city) {
      last = { postcode, street, city, numbers: [] };
      groups.push(last);
    }
    last.numbers.push(houseNumber(a));
  }
  return groups;
}
