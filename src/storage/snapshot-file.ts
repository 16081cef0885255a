// The snapshot file of a content folder: where it goes, writing it atomically, reading it back only when it still
// describes the folder, and pruning the cache folder of the bot's own stale files. Open files are closed when the
// catalog reading from them is let go of (the file-handle registry below).
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, read } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { MAGIC, parseHeader, PREFIX, readPrefix, SnapshotError, type TextFile } from './snapshot-format.js';

const decoder = new TextDecoder();

/**
 * Where the snapshot of a content folder goes: `<cache dir>/blogbot-<hash of the folder's absolute path>.bin`. The
 * prefix, with the magic bytes inside, tells the bot's files from others' in a shared cache folder (see prune).
 */
export function snapshotFile(contentDir: string, cacheDir: string = defaultCacheDir()): string {
  const key = createHash('sha256').update(path.resolve(contentDir)).digest('hex').slice(0, 20);
  return path.join(cacheDir, `blogbot-${key}.bin`);
}

/** BLOGBOT_CACHE_DIR, else `.cache/blogbot` in the project (the folder holding package.json), else the temp folder. */
export function defaultCacheDir(): string {
  if (process.env.BLOGBOT_CACHE_DIR) return path.resolve(process.env.BLOGBOT_CACHE_DIR);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++, dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, '.cache', 'blogbot');
  }
  return path.join(os.tmpdir(), 'blogbot-cache');
}

/** Writes a snapshot atomically: a temporary file next to it, then a rename over the old one. */
export async function writeSnapshot(file: string, block: SharedArrayBuffer, text: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await prune(path.dirname(file));
  const temporary = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(new Uint8Array(block));
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}

const TMP_MAX_AGE_MS = 60 * 60 * 1000;
const SNAPSHOT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

// The names the bot gives its files (see snapshotFile and writeSnapshot); earlier versions left out the prefix.
const SNAPSHOT_NAME = /^(?:blogbot-)?[0-9a-f]{20}\.bin$/;
const TEMPORARY_NAME = /^(?:blogbot-)?[0-9a-f]{20}\.bin\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the bot's own stale files: leftovers of interrupted writes, snapshots not written for a month, and
 * snapshots of content folders that no longer exist (test runs make many short-lived folders). A file is the bot's
 * only when it has a name the bot gives and starts with the snapshot's magic bytes (or, a write cut short, is empty):
 * the cache folder may be shared with other programs (BLOGBOT_CACHE_DIR=/tmp), whose files are never touched.
 */
async function prune(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const maxAge = TEMPORARY_NAME.test(name) ? TMP_MAX_AGE_MS : SNAPSHOT_NAME.test(name) ? SNAPSHOT_MAX_AGE_MS : undefined;
    if (maxAge === undefined) continue;
    const file = path.join(dir, name);
    const stats = await stat(file).catch(() => undefined);
    if (!stats?.isFile() || now - stats.mtimeMs < TMP_MAX_AGE_MS) continue;
    if (!(stats.size === 0 && maxAge === TMP_MAX_AGE_MS) && !(await startsWithMagic(file))) continue;
    const folder = maxAge === SNAPSHOT_MAX_AGE_MS ? await snapshotFolder(file) : undefined;
    if (now - stats.mtimeMs > maxAge || (folder !== undefined && !existsSync(folder))) await unlink(file).catch(() => {});
  }
}

async function startsWithMagic(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
    const head = new Uint8Array(MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === MAGIC.length && MAGIC.every((byte, i) => head[i] === byte);
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/** The content folder a snapshot file was made for (from its header), or undefined when it cannot be told. */
async function snapshotFolder(file: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
    const head = new Uint8Array(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const { headerLength, total } = readPrefix(head.subarray(0, bytesRead));
    if (PREFIX + headerLength > bytesRead) return undefined;
    const folder = parseHeader(head, headerLength, total).contentDir;
    return typeof folder === 'string' && path.isAbsolute(folder) ? folder : undefined;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

export interface SnapshotCheck {
  contentDir: string;
  codeKey: string;
  scan: string;
  onProgress?: (fraction: number, docCount: number) => void;
}

/** A snapshot read from its file: the block without the text, and the file, left open, to read the text from. */
export interface SnapshotRead {
  buffer: SharedArrayBuffer;
  textFile: TextFile;
  /** Closes the file: once nothing reads the catalog's text any more. */
  close(): Promise<void>;
}

/**
 * The snapshot when it is whole and still describes the folder (same code, same folder, same scan); else
 * undefined. Only the small header and the scan are read before deciding; a damaged file never throws. The posts'
 * text stays in the file (the operating system caches it), out of the process's memory: catalog-text.ts reads a post's
 * text from the file.
 */
export async function readSnapshot(file: string, check: SnapshotCheck): Promise<SnapshotRead | undefined> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  const handle = { read: (into: Uint8Array, offset: number, length: number, position: number) => readAsync(fd, into, offset, length, position) };
  const fail = () => {
    closeSync(fd);
    return undefined;
  };
  try {
    const { size } = fstatSync(fd);
    const head = new Uint8Array(Math.min(size, 64 * 1024));
    await readFully(handle, head, 0);
    const { headerLength, crc, total } = readPrefix(head);
    if (total !== size) return fail();
    const headerBytes = PREFIX + headerLength <= head.length ? head : new Uint8Array(PREFIX + headerLength);
    if (headerBytes !== head) await readFully(handle, headerBytes, 0);
    const header = parseHeader(headerBytes, headerLength, total);
    if (header.codeKey !== check.codeKey || header.contentDir !== path.resolve(check.contentDir)) return fail();
    const scanAt = header.sections.scan;
    const textAt = header.sections.text;
    if (!scanAt || !textAt) return fail();
    const scanBytes = new Uint8Array(scanAt[1]);
    await readFully(handle, scanBytes, scanAt[0]);
    if (JSON.parse(decoder.decode(scanBytes)) !== check.scan) return fail();

    // The whole file is read once for its checksum; the block keeps what comes before the text (the text is last).
    const textFrom = textAt[0];
    if (textFrom + textAt[1] !== size) return fail();
    const buffer = new SharedArrayBuffer(textFrom);
    const bytes = new Uint8Array(buffer);
    const chunk = new Uint8Array(Math.min(size, 16 * 1024 * 1024));
    let sum = 0;
    for (let at = 0; at < size; at += chunk.length) {
      const part = chunk.subarray(0, Math.min(chunk.length, size - at));
      await readFully(handle, part, at);
      sum = zlib.crc32(at === 0 ? part.subarray(PREFIX) : part, sum);
      if (at < textFrom) bytes.set(part.subarray(0, Math.min(part.length, textFrom - at)), at);
      check.onProgress?.((at + part.length) / size, header.docCount);
    }
    if (sum !== crc) return fail();
    const textFile: TextFile = { fd, offset: textFrom };
    let isOpen = true;
    const close = async () => {
      if (!isOpen) return;
      isOpen = false;
      unclosed.unregister(textFile);
      closeSync(fd);
    };
    // A catalog dropped without close (a Library let go of) still closes its file.
    unclosed.register(textFile, fd, textFile);
    return { buffer, textFile, close };
  } catch {
    return fail();
  }
}

const readAsync = promisify(read);
const unclosed = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to do.
  }
});

async function readFully(handle: { read(into: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }> }, into: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new SnapshotError('file shorter than it says');
    done += bytesRead;
  }
}
