import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/** A month of a money table as a file: gzip-compressed JSON lines, one row each, in id order. */
export interface ArchiveFile {
  file: string;
  rows: number;
  bytes: number;
  /** Of the compressed file, as written. */
  sha256: string;
}

export class ArchiveMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveMismatchError';
  }
}

async function fsyncPath(path: string, flags: string): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes the rows to `file` through a temp file that is fsynced and then renamed into place, so the file is either
 * whole or absent. `onRow` sees the count as it grows (for heartbeats).
 */
export async function writeArchive(file: string, rows: AsyncIterable<string>, onRow: (written: number) => void = () => undefined): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  let written = 0;
  async function* lines(): AsyncGenerator<string> {
    for await (const row of rows) {
      written += 1;
      onRow(written);
      yield `${row}\n`;
    }
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(temp));
  await fsyncPath(temp, 'r+');
  await rename(temp, file);
  await fsyncPath(dirname(file), 'r');
  return written;
}

/** The file's size and SHA-256, read from disk. */
export async function fileDigest(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), new Transform({ transform(chunk, _encoding, done) { hash.update(chunk); done(); } }));
  return { bytes: (await stat(file)).size, sha256: hash.digest('hex') };
}

/**
 * Reads the archive back and compares it, row by row, with `expected` (the rows still in the database): throws
 * ArchiveMismatchError at the first difference. Returns what was checked.
 */
export async function verifyArchive(file: string, expected: AsyncIterable<string>): Promise<ArchiveFile> {
  const input = createReadStream(file);
  const archived = createInterface({ input: input.pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]();
  let rows = 0;
  try {
    for await (const row of expected) {
      const line = await archived.next();
      if (line.done) throw new ArchiveMismatchError(`${file} ends after ${rows} rows; the table has more`);
      if (line.value !== row) throw new ArchiveMismatchError(`${file} differs from the table at row ${rows + 1}`);
      rows += 1;
    }
    if (!(await archived.next()).done) throw new ArchiveMismatchError(`${file} holds more than the table's ${rows} rows`);
  } finally {
    input.destroy();
  }
  return { file, rows, ...(await fileDigest(file)) };
}
