// What the address search accepts: a postcode, then a house number with letter and suffix.
import { describe, expect, it } from 'vitest';
import { formatAddressQuery, parseAddressQuery } from '../../common/address-query.ts';

describe('parseAddressQuery', () => {
  it.each([
    ['1234AB 5', { postcode: '1234AB', house_number: 5 }],
    ['1234 ab 5a', { postcode: '1234AB', house_number: 5, house_letter: 'A' }],
    ['1234AB5', { postcode: '1234AB', house_number: 5 }],
    ['  1234ab 12 ', { postcode: '1234AB', house_number: 12 }],
    ['1234AB 5-2', { postcode: '1234AB', house_number: 5, house_number_suffix: '2' }],
    ['1234AB 5a-bis', { postcode: '1234AB', house_number: 5, house_letter: 'A', house_number_suffix: 'BIS' }],
    ['1234AB, 7', { postcode: '1234AB', house_number: 7 }],
  ])('reads %j as a postcode and house number', (text, expected) => {
    expect(parseAddressQuery(text)).toEqual(expected);
  });

  it.each(['', 'Amsterdam', '1234AB', '1234 AB', '5', 'Zwaluwweg 1 Leek', 'Zwaluwweg 1', 'Dorpsstraat 12a'])(
    'refuses %j, which has no house number after a postcode',
    (text) => {
      expect(parseAddressQuery(text)).toBeNull();
    },
  );

  it('writes a query back the way people write addresses', () => {
    expect(formatAddressQuery({ postcode: '1234AB', house_number: 5, house_letter: 'A', house_number_suffix: '2' })).toBe('1234AB 5A-2');
  });
});
