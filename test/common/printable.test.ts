// Text from files made safe for a terminal: control and bidi characters escaped, the rest kept.
import { describe, expect, it } from 'vitest';
import { printable, quoted } from '../../common/printable.ts';

describe('printable', () => {
  it('escapes C0, DEL, C1, bidi overrides and lone surrogates; keeps letters, emoji and (on request) newlines', () => {
    expect(printable('a\u001b[31mb\u0007\u007f\u009bc')).toBe('a\\x1b[31mb\\x07\\x7f\\x9bc');
    expect(printable('evil\u202etxt.exe')).toBe('evil\\u202etxt.exe');
    expect(printable('x\ud800y')).toBe('x\\ud800y');
    expect(printable('Coöperatie ß 😀')).toBe('Coöperatie ß 😀');
    expect(printable('one\ntwo\tthree\r')).toBe('one\\ntwo\\tthree\\r');
    expect(printable('one\ntwo\tthree\r', true)).toBe('one\ntwo\tthree\\r');
  });

  it('quotes a value cut to a length', () => {
    expect(quoted('a\u0000b')).toBe("'a\\x00b'");
    expect(quoted('x'.repeat(100), 10)).toBe(`'${'x'.repeat(10)}… (100 characters)'`);
  });
});
