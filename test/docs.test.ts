// The docs stay in step with the code: every command's usage line is in docs/cli.md as `--help`
// prints it, every docs page is linked from the README, the README stays two screens long, and
// relative links point at files that exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = join(ROOT, 'docs');
const README_MAX_LINES = 150;

const read = (path: string) => readFileSync(path, 'utf8');
const docPages = () =>
  readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .sort();

/** What `atlas ...args` prints on stdout, run in-process, and its exit code. */
async function atlas(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    lines.push(parts.join(' '));
  });
  try {
    const code = await main(args);
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
  }
}

/** Command names from `atlas --help` ("Commands:" then one indented line per command). */
async function commandNames(): Promise<string[]> {
  const { out } = await atlas('--help');
  const section = out.split('Commands:')[1] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}(\S+) /.exec(line)?.[1])
    .filter((name): name is string => Boolean(name));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('docs/cli.md', () => {
  it('holds the usage line of every command verbatim, as `atlas <command> --help` prints it', async () => {
    const cli = read(join(DOCS, 'cli.md'));
    const names = await commandNames();
    expect(names.length, 'atlas --help lists commands').toBeGreaterThan(0);
    for (const name of names) {
      const { code, out } = await atlas(name, '--help');
      expect(code, `atlas ${name} --help exits 0`).toBe(0);
      const usage = /^Usage: (.+)$/m.exec(out)?.[1];
      expect(usage, `atlas ${name} --help prints a usage line`).toBeDefined();
      expect(cli, `docs/cli.md lacks the usage line of atlas ${name}`).toContain(usage!);
    }
  });
});

describe('README.md', () => {
  const readme = read(join(ROOT, 'README.md'));

  it(`is at most ${README_MAX_LINES} lines long`, () => {
    const lines = readme.replace(/\n$/, '').split('\n').length;
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('links every page in docs/', () => {
    const pages = docPages();
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages)
      expect(readme, `README.md does not link docs/${page}`).toMatch(new RegExp(`\\]\\(docs/${page.replace('.', '\\.')}(#[^)]*)?\\)`));
  });
});

describe('docs pages', () => {
  it('each open with a title and then a paragraph saying what the page covers', () => {
    for (const page of docPages()) {
      const [title, ...rest] = read(join(DOCS, page)).split('\n');
      expect(title, `${page} starts with a # title`).toMatch(/^# \S/);
      const opening = rest.find((line) => line.trim() !== '');
      expect(opening, `${page} opens with prose, not a heading, table, list or code`).toMatch(/^[A-Za-z`]/);
    }
  });

  it('link only to files that exist (README.md, docs/*.md and the data and fixture READMEs)', () => {
    const files = ['README.md', ...docPages().map((p) => `docs/${p}`), 'data/README.md', 'test/fixtures/README.md'];
    for (const file of files) {
      const text = read(join(ROOT, file)).replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target) || target.startsWith('#')) continue;
        const path = resolve(dirname(join(ROOT, file)), target.split('#')[0]);
        expect(existsSync(path), `${file} links to ${target}, which does not exist`).toBe(true);
      }
    }
  });
});
