// The bytes of an input file, read synchronously in chunks: plain, or decompressed on the fly from
// gzip (.gz), Zstandard (.zst, as BAG dumps ship) or a zip archive (the CSV inside), detected by
// the file's magic bytes. Nothing is unpacked to disk. A truncated or corrupt archive is a
// FileError naming the file, so the import that reads it changes nothing.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Gunzip, Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { Decompress as ZstdDecompress } from 'fzstd';
import { FileError } from './columns.ts';
import { detectFormat } from './sniff.ts';

export type Compression = 'none' | 'gzip' | 'zstd' | 'zip';

export interface ByteSource {
  readonly compression: Compression;
  /** Size of the file on disk (compressed bytes for an archive). */
  readonly bytesTotal: number;
  /** Bytes of the file on disk consumed so far. */
  readonly bytesRead: number;
  /** Fills buffer[offset, offset + length) as far as it can; 0 only at the end of the data. */
  read(buffer: Buffer, offset: number, length: number): number;
  close(): void;
}

const COMPRESSED_CHUNK = 256 << 10;

/** The compression a file's first bytes announce (sniff.ts holds the magic numbers). */
export function compressionOf(head: Buffer): Compression {
  const format = detectFormat(head);
  return format === 'gzip' || format === 'zstd' || format === 'zip' ? format : 'none';
}

/** Opens a file for reading; throws the fs error when it cannot be read. */
export function openBytes(path: string): ByteSource {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    const compression = compressionOf(head.subarray(0, n));
    return compression === 'none' ? new PlainBytes(fd) : new DecompressedBytes(fd, path, compression);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

class PlainBytes implements ByteSource {
  readonly compression = 'none';
  readonly bytesTotal: number;
  bytesRead = 0;

  constructor(private readonly fd: number) {
    this.bytesTotal = fstatSync(fd).size;
  }

  read(buffer: Buffer, offset: number, length: number): number {
    const n = readSync(this.fd, buffer, offset, length, null);
    this.bytesRead += n;
    return n;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Push-based decompressors (fflate, fzstd) fed synchronously; their output waits in a queue. */
class DecompressedBytes implements ByteSource {
  readonly bytesTotal: number;
  bytesRead = 0;
  private readonly input = Buffer.allocUnsafe(COMPRESSED_CHUNK);
  private readonly queue: Uint8Array[] = [];
  private head = 0;
  private inputDone = false;
  private outputDone = false;
  private readonly push: (chunk: Uint8Array, final: boolean) => void;
  private zipEntry: string | null = null;

  constructor(
    private readonly fd: number,
    private readonly path: string,
    readonly compression: Exclude<Compression, 'none'>,
  ) {
    this.bytesTotal = fstatSync(fd).size;
    const take = (chunk: Uint8Array, final?: boolean) => {
      if (chunk.length > 0) this.queue.push(chunk);
      if (final) this.outputDone = true;
    };
    if (compression === 'gzip') {
      const gunzip = new Gunzip(take);
      this.push = (chunk, final) => gunzip.push(chunk, final);
    } else if (compression === 'zstd') {
      const zstd = new ZstdDecompress(take);
      this.push = (chunk, final) => zstd.push(chunk, final);
    } else {
      const unzip = new Unzip((file) => this.openEntry(file, take));
      unzip.register(UnzipInflate);
      this.push = (chunk, final) => unzip.push(chunk, final);
    }
  }

  read(buffer: Buffer, offset: number, length: number): number {
    while (this.queue.length === 0 && !this.outputDone) {
      if (this.inputDone) throw this.truncated('the data ends early');
      this.feed();
    }
    let written = 0;
    while (written < length && this.queue.length > 0) {
      const chunk = this.queue[0];
      const n = Math.min(length - written, chunk.length - this.head);
      buffer.set(chunk.subarray(this.head, this.head + n), offset + written);
      written += n;
      this.head += n;
      if (this.head === chunk.length) {
        this.queue.shift();
        this.head = 0;
      }
    }
    return written;
  }

  close(): void {
    closeSync(this.fd);
  }

  private feed(): void {
    const n = readSync(this.fd, this.input, 0, COMPRESSED_CHUNK, null);
    this.bytesRead += n;
    this.inputDone = n === 0;
    try {
      // fflate and fzstd may keep a reference to the chunk: hand them a copy.
      this.push(n === 0 ? new Uint8Array(0) : Uint8Array.prototype.slice.call(this.input, 0, n), n === 0);
    } catch (err) {
      throw this.truncated((err as Error).message);
    }
    if (this.inputDone && this.compression === 'zip' && this.zipEntry === null) {
      throw new FileError(
        `${this.path}: the zip archive is truncated, corrupt or empty: no file could be read from it. ` +
          'Copy it again, or give the CSV itself; nothing was imported from it.',
      );
    }
  }

  /** Reads the first file of a zip archive that is not a directory; ignores the others. */
  private openEntry(file: UnzipFile, take: (chunk: Uint8Array, final?: boolean) => void): void {
    if (this.zipEntry !== null || file.name.endsWith('/')) return;
    this.zipEntry = file.name;
    file.ondata = (err, data, final) => {
      if (err) throw err;
      take(data, final);
    };
    file.start();
  }

  private truncated(detail: string): FileError {
    return new FileError(
      `${this.path}: the ${this.compression} archive is truncated or corrupt (${detail}). ` +
        'Download or copy the file again; nothing was imported from it.',
    );
  }
}
