// The server's read-only database connection and the signal that another process changed it.
import type Database from 'better-sqlite3';
import { openReadOnly } from '../../common/schema.ts';

export type DB = Database.Database;

/**
 * Watches `PRAGMA data_version`, which changes when another connection commits (an import while the
 * server runs). `check()` is cheap enough to call per request; listeners drop their caches.
 */
export class DataVersion {
  private version: number;
  private readonly listeners: (() => void)[] = [];
  private readonly statement: Database.Statement<[], number>;

  constructor(db: DB) {
    this.statement = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.version = this.read();
  }

  private read(): number {
    return this.statement.get()!;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  check(): void {
    const now = this.read();
    if (now === this.version) return;
    this.version = now;
    for (const listener of this.listeners) listener();
  }
}

export function openServerDb(path: string): DB {
  return openReadOnly(path);
}
