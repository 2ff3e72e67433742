// Text from input files made safe to print: control characters (C0, DEL, C1), bidirectional
// overrides and lone surrogates become visible escapes, so a file cannot drive the terminal.

/** Control and format characters a terminal could act on; `\n` too unless `keepNewlines`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this module's job
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this module's job
const UNSAFE_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu;

function escapeChar(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every non-printable character escaped (`\x1b`, `\u202e`, …). Tabs and newlines are
 * kept only with `keepNewlines` (for multi-line messages of our own).
 */
export function printable(text: string, keepNewlines = false): string {
  return text.replace(keepNewlines ? UNSAFE : UNSAFE_OR_NEWLINE, escapeChar);
}

/** A value from a file, quoted for a message: escaped, and cut to `max` characters. */
export function quoted(value: string, max = 80): string {
  const cut = value.length > max ? `${value.slice(0, max)}… (${value.length} characters)` : value;
  return `'${printable(cut)}'`;
}
