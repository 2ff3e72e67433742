// The page size of the databases the atlas writes: a new file gets PAGE_SIZE; a file made before
// (SQLite's default 4 KiB pages) keeps its own, is migrated and loaded as before.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWritable, openReadOnly, openWritable, PAGE_SIZE, SCHEMA_VERSION } from '../../common/schema.ts';
import { loadFixtureBoundaries } from '../helpers/fixture-db.ts';
import { tempDir } from '../helpers/temp-db.ts';

const dir = tempDir('atlas-page-size-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pageSize(path: string): number {
  const db = openReadOnly(path);
  try {
    return db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
}

describe('page size', () => {
  it('is PAGE_SIZE for a database openWritable creates, and stays so when it is opened again', () => {
    expect(PAGE_SIZE).not.toBe(4096);
    const path = join(dir, 'new.sqlite');
    const db = openWritable(path);
    loadFixtureBoundaries(db);
    closeWritable(db);
    expect(pageSize(path)).toBe(PAGE_SIZE);
    closeWritable(openWritable(path));
    expect(pageSize(path)).toBe(PAGE_SIZE);
  });

  it('stays 4096 for a database made with 4 KiB pages, which is migrated and takes boundaries as before', () => {
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    old.pragma('page_size = 4096');
    old.exec('CREATE TABLE earlier (x INTEGER)');
    old.close();
    const db = openWritable(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    loadFixtureBoundaries(db);
    closeWritable(db);
    expect(pageSize(path)).toBe(4096);
    const read = openReadOnly(path);
    expect(read.prepare("SELECT count(*) FROM areas WHERE level = 'municipality'").pluck().get()).toBe(4);
    read.close();
  });
});
