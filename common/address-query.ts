// Reads what a person types into the address search: a postcode, then a house number with an
// optional letter and suffix ("1234AB 5", "1234 ab 5a", "1234AB5-2"). The postcode is taken as
// written (spaces dropped, upper case), so no country's format is built in; the server checks it.
// A postcode has at least one digit and at most 10 characters, so a street address such as
// "Zwaluwweg 1 Leek" is refused (and the user told what to type) instead of read as postcode ZWALUWWEG.

export interface AddressQuery {
  postcode: string;
  house_number: number;
  house_letter?: string;
  house_number_suffix?: string;
}

// postcode · separator (spaces/comma, or none between a letter and a digit) · number · letter · suffix
const PATTERN = /^\s*([a-z0-9 ]*?[a-z0-9])(?:[\s,]+|(?<=[a-z])(?=\d))(\d{1,6})([a-z])?(?:[-\s]+([a-z0-9]{1,4}))?\s*$/i;

/** The query, or null when the text is not a postcode followed by a house number. */
export function parseAddressQuery(text: string): AddressQuery | null {
  const m = PATTERN.exec(text);
  if (!m) return null;
  const postcode = m[1].replace(/\s+/g, '');
  if (!/\d/.test(postcode) || postcode.length > 10) return null;
  const query: AddressQuery = { postcode: m[1].replace(/\s+/g, '').toUpperCase(), house_number: Number(m[2]) };
  if (m[3]) query.house_letter = m[3].toUpperCase();
  if (m[4]) query.house_number_suffix = m[4].toUpperCase();
  return query;
}

export function formatAddressQuery(q: AddressQuery): string {
  const suffix = q.house_number_suffix ? `-${q.house_number_suffix}` : '';
  return `${q.postcode} ${q.house_number}${q.house_letter ?? ''}${suffix}`;
}
