// Golden files: text a person can review, checked in, compared byte for byte (regenerate with UPDATE=1).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

/** Asserts that `text` equals the golden file; with UPDATE=1 in the environment, (re)writes it first. */
export function expectGolden(file: string, text: string): void {
  if (process.env.UPDATE === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  expect(existsSync(file), `${file} is missing: run with UPDATE=1 and review it`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
