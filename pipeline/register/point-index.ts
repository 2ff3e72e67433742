// The point index of a register: a kdbush index of its positions in row order, built when the register
// is loaded and stored with it (table register_points), so that the nearest-covered search of a join
// over it (pipeline/clusters/nearest.ts) reads it instead of building one over every address again.
import type Database from 'better-sqlite3';
import KDBush from 'kdbush';
import { pointIndex } from '../clusters/nearest.ts';

/** Positions per block while collecting: they grow by blocks, never by copying. */
const BLOCK = 1 << 16;

/** Collects the positions of a register's rows in the order they are inserted. */
export class RegisterPointsWriter {
  /** Float32, as the index keeps them. */
  private readonly lon: Float32Array[] = [];
  private readonly lat: Float32Array[] = [];
  private count = 0;

  /** The next inserted row's position. */
  add(lon: number, lat: number): void {
    const at = this.count & (BLOCK - 1);
    if (at === 0) {
      this.lon.push(new Float32Array(BLOCK));
      this.lat.push(new Float32Array(BLOCK));
    }
    this.lon[this.lon.length - 1][at] = lon;
    this.lat[this.lat.length - 1][at] = lat;
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** One coordinate of every position, in one array. */
  private joined(blocks: Float32Array[]): Float32Array {
    const out = new Float32Array(this.count);
    for (const [b, block] of blocks.entries()) out.set(block.subarray(0, Math.min(BLOCK, this.count - b * BLOCK)), b * BLOCK);
    return out;
  }

  /** Builds the index (entry 0 at register row `firstId`) as the search builds its own, and stores it, replacing the register's. */
  save(db: Database.Database, registerId: number, firstId: number): void {
    deleteRegisterPoints(db, registerId);
    const index = pointIndex(this.joined(this.lon), this.joined(this.lat), null);
    db.prepare('INSERT INTO register_points (register_id, first_id, entries, data) VALUES (?, ?, ?, ?)').run(
      registerId,
      firstId,
      this.count,
      Buffer.from(index.data as ArrayBuffer),
    );
  }
}

export function deleteRegisterPoints(db: Database.Database, registerId: number): void {
  db.prepare('DELETE FROM register_points WHERE register_id = ?').run(registerId);
}

/** What a register's stored point index holds (the row id of its item 0, its items), or null (a register loaded before they were stored). */
export function storedPointsOf(db: Database.Database, registerId: number): { firstId: number; entries: number } | null {
  const row = db.prepare('SELECT first_id, entries FROM register_points WHERE register_id = ?').raw().get(registerId) as
    | [number, number]
    | undefined;
  return row ? { firstId: row[0], entries: row[1] } : null;
}

/** A register's stored point index (storedPointsOf says what it holds). */
export function readRegisterPoints(db: Database.Database, registerId: number): KDBush {
  const blob = db.prepare('SELECT data FROM register_points WHERE register_id = ?').pluck().get(registerId) as Buffer | undefined;
  if (!blob) throw new Error(`register ${registerId} has no stored point index`);
  // kdbush takes an ArrayBuffer of its own: a view of a Buffer's shared pool is copied out first.
  const data =
    blob.byteOffset === 0 && blob.byteLength === blob.buffer.byteLength
      ? blob.buffer
      : blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength);
  return KDBush.from(data as ArrayBuffer);
}
