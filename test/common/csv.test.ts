// The one CSV writer: RFC 4180 quoting, spreadsheet options, numbers without float noise, and
// OWASP's formula neutralisation (text only; numbers stay numbers).
import { describe, expect, it } from 'vitest';
import { csvField, csvFormat, formatNumber } from '../../common/csv.ts';
import { decodeOffers, encodeOffers } from '../../common/offers.ts';
import { parseCsv } from '../report/csv-parse.ts';

describe('csvFormat', () => {
  it('quotes fields with the separator, quotes or line breaks, and nothing else (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvFormat({ delimiter: 'semicolon' }).cell('a,b')).toBe('a,b');
    expect(csvFormat({ delimiter: 'semicolon' }).cell('a;b')).toBe('"a;b"');
  });

  it('writes numbers without float noise, with a decimal comma under `;`', () => {
    expect(formatNumber(6.314966000000001)).toBe('6.314966');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1000)).toBe('1000');
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(csvFormat({ delimiter: 'semicolon' }).cell(52.1234565)).toBe('52,1234565');
    expect(csvFormat().cell(-5)).toBe('-5');
  });

  it('neutralises text that a spreadsheet would run as a formula, only when asked', () => {
    const safe = csvFormat({ neutraliseFormulas: true });
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) {
      expect(parseCsv(safe.row([text, 'end']))[0]).toEqual([`'${text}`, 'end']);
      expect(parseCsv(csvFormat().row([text, 'end']))[0]).toEqual([text, 'end']);
    }
    expect(safe.cell(-12.5)).toBe('-12.5');
    expect(safe.cell('a=b')).toBe('a=b');
    expect(safe.cell('=x,y')).toBe(`"'=x,y"`);
  });

  it('starts the header with a byte order mark when asked and ends records with CRLF', () => {
    expect(csvFormat({ bom: true, delimiter: 'semicolon' }).header(['a', 'b'])).toBe('\uFEFFa;b\r\n');
    expect(csvFormat().row([1, 'x', true, null])).toBe('1,x,true,\r\n');
  });
});

describe('offers codec', () => {
  it('reads back what it writes', () => {
    const offers = [
      { provider: 'Glasnet', technology: 'FTTH', down: 1000, up: 1000 },
      { provider: null, technology: 'NONE', down: 0, up: 0 },
    ];
    expect(encodeOffers(offers)).toBe('[["Glasnet","FTTH",1000,1000],[null,"NONE",0,0]]');
    expect(decodeOffers(encodeOffers(offers))).toEqual(offers);
  });
});
