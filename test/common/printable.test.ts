// Text from files made safe for a terminal: control and bidi characters escaped, the rest kept.
import { describe, expect, it } from 'vitest';
import { printable, quoted } from '../../common/printable.ts';

describe('printable', () => {
  it.each([
    ['C0, DEL and C1 controls', 'a\u001b[31mb\u0007\u007f\u009bc', false, 'a\\x1b[31mb\\x07\\x7f\\x9bc'],
    ['a bidi override', 'evil\u202etxt.exe', false, 'evil\\u202etxt.exe'],
    ['a lone surrogate', 'x\ud800y', false, 'x\\ud800y'],
    ['letters and emoji (kept)', 'Coöperatie ß 😀', false, 'Coöperatie ß 😀'],
    ['newlines and tabs', 'one\ntwo\tthree\r', false, 'one\\ntwo\\tthree\\r'],
    ['newlines and tabs of a message of ours (kept)', 'one\ntwo\tthree\r', true, 'one\ntwo\tthree\\r'],
  ])('escapes %s', (_name, text, keepNewlines, expected) => {
    expect(printable(text, keepNewlines)).toBe(expected);
  });

  it('quotes a value cut to a length', () => {
    expect([quoted('a\u0000b'), quoted('x'.repeat(100), 10)]).toEqual(["'a\\x00b'", `'${'x'.repeat(10)}… (100 characters)'`]);
  });
});
