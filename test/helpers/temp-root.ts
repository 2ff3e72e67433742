// Vitest global setup: every test run gets one temp directory of its own as TMPDIR, which the test
// processes, the CLIs they start and Chromium all write under, and which is removed when the run ends.
// Test files make temp directories freely and leave them; a killed run leaves only this one directory.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  // Run once per project: the first made the root, the others keep it.
  if (process.env.ATLAS_TEST_TMPDIR) return () => {};
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'atlas-tests-'));
  // Open to every user like /tmp (sticky, world-writable): a test serves as `nobody`, whose tsx writes its cache here.
  chmodSync(root, 0o1777);
  process.env.ATLAS_TEST_TMPDIR = root;
  process.env.TMPDIR = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
    delete process.env.ATLAS_TEST_TMPDIR;
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
