// Golden files: text a person can review, checked in, compared byte for byte (regenerate with UPDATE=1).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import type { DecodedFeature } from './tile-client.ts';

/** Asserts that `text` equals the golden file; with UPDATE=1 in the environment, (re)writes it first. */
export function expectGolden(file: string, text: string): void {
  if (process.env.UPDATE === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  expect(existsSync(file), `${file} is missing: run with UPDATE=1 and review it`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const TYPES = ['unknown', 'point', 'line', 'polygon'];

/** A decoded tile layer as text a person can read (the golden tiles' format), features sorted. */
export function tileAsText(layer: string, features: DecodedFeature[]): string {
  const lines = features.map((f) => {
    const props = Object.entries(f.properties)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const geometry = f.geometry.map((ring) => ring.map((p) => `${p.x},${p.y}`).join(' ')).join(' | ');
    return `${layer} ${TYPES[f.type]} ${props}\n  ${geometry}`;
  });
  return `${lines.sort().join('\n')}\n`;
}
