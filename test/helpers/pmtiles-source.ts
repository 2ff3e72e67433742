// A pmtiles Source over a local file, so the `pmtiles` reader (made for browsers) opens archives in tests.
import { closeSync, openSync, readSync } from 'node:fs';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';

export class LocalFileSource implements Source {
  /** The byte range read last: after getZxy, the tile's own (benches ask for it by range). */
  last: [number, number] = [0, 0];
  constructor(private readonly path: string) {}

  getKey(): string {
    return this.path;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    this.last = [offset, length];
    const fd = openSync(this.path, 'r');
    try {
      const buf = Buffer.alloc(length);
      const n = readSync(fd, buf, 0, length, offset);
      return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + n) as ArrayBuffer };
    } finally {
      closeSync(fd);
    }
  }
}

export function openArchive(path: string): PMTiles {
  return new PMTiles(new LocalFileSource(path));
}
