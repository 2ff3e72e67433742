// writeAtomically: an export that fails half-way leaves neither its target nor a temporary file, and an
// existing target survives a refused or failed export.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportError, writeAtomically } from '../../server/export/atomic.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-atomic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeAtomically', () => {
  it('renames the finished temporary file onto the target', async () => {
    const out = join(dir, 'a.bin');
    const result = await writeAtomically(out, false, (tmp) => {
      expect(tmp).not.toBe(out);
      writeFileSync(tmp, 'whole');
      expect(existsSync(out)).toBe(false);
      return 42;
    });
    expect(result).toBe(42);
    expect(readFileSync(out, 'utf8')).toBe('whole');
    expect(readdirSync(dir)).toEqual(['a.bin']);
  });

  it('leaves nothing when the writer fails half-way, and keeps an existing target', async () => {
    const out = join(dir, 'b.bin');
    await expect(
      writeAtomically(out, false, async (tmp) => {
        writeFileSync(tmp, 'half');
        throw new Error('interrupted');
      }),
    ).rejects.toThrow('interrupted');
    expect(existsSync(out)).toBe(false);
    writeFileSync(out, 'old');
    await expect(
      writeAtomically(out, true, (tmp) => {
        writeFileSync(tmp, 'half');
        throw new Error('interrupted');
      }),
    ).rejects.toThrow('interrupted');
    expect(readFileSync(out, 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses an existing target without force and a missing directory', async () => {
    const out = join(dir, 'c.bin');
    writeFileSync(out, 'keep');
    await expect(writeAtomically(out, false, () => 1)).rejects.toThrow(ExportError);
    expect(readFileSync(out, 'utf8')).toBe('keep');
    await expect(writeAtomically(join(dir, 'missing', 'd.bin'), false, () => 1)).rejects.toThrow(/directory .* does not exist/);
  });
});
