// The snapshot file of a blog's content sources: where it goes, writing it atomically, reading it back only when it
// was made by this code for the same sources, and pruning the cache folder of the bot's own stale files. Open files are
// closed when the
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

/**
 * Where the snapshot of these sources goes: `<cache dir>/blogbot-<hash of their specs>.bin` (for one folder, the
 * hash of its absolute path). The prefix, with the magic bytes inside, tells the bot's files from others' in a
 * shared cache folder (see prune). `sources` are specs (ContentSource.spec); a lone string is a folder.
 */
export function snapshotFile(sources: string | readonly string[], cacheDir: string = defaultCacheDir()): string {
  const specs = typeof sources === 'string' ? [path.resolve(sources)] : sources;
  const key = createHash('sha256').update(specs.join('\n')).digest('hex').slice(0, 20);
  return path.join(cacheDir, `blogbot-${key}.bin`);
}

/** BLOGBOT_CACHE_DIR, else `.cache/blogbot` in the project (the folder holding package.json), else the temp folder. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BLOGBOT_CACHE_DIR) return path.resolve(env.BLOGBOT_CACHE_DIR);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++, dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, '.cache', 'blogbot');
  }
  return path.join(os.tmpdir(), 'blogbot-cache');
}

/**
 * Writes a snapshot atomically: a temporary file next to it, flushed to the disk, then a rename over the old one. Without
 * the flush, a crash soon after the rename could leave the name on a file whose bytes never reached the disk (about 30 s
 * of the kernel's write-back); the flush costs about 0.2 s at 10k posts (168 MB), off the question path.
 */
export async function writeSnapshot(file: string, block: SharedArrayBuffer, text: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await prune(path.dirname(file));
  const temporary = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(new Uint8Array(block));
      await handle.writeFile(text);
      await handle.datasync();
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
 * snapshots of content folders that no longer exist (test runs make many short-lived folders; a snapshot of web
 * sources goes after a month). A file is the bot's
 * only when it has a name the bot gives and starts with the snapshot's magic bytes (or, a write cut short, is empty):
 * the cache folder may be shared with other programs (BLOGBOT_CACHE_DIR=/tmp), whose files are never touched.
 */
async function prune(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const maxAge = TEMPORARY_NAME.test(name)
      ? TMP_MAX_AGE_MS
      : SNAPSHOT_NAME.test(name)
        ? SNAPSHOT_MAX_AGE_MS
        : undefined;
    if (maxAge === undefined) continue;
    const file = path.join(dir, name);
    const stats = await stat(file).catch(() => undefined);
    if (!stats?.isFile() || now - stats.mtimeMs < TMP_MAX_AGE_MS) continue;
    if (!(stats.size === 0 && maxAge === TMP_MAX_AGE_MS) && !(await startsWithMagic(file))) continue;
    const folders = maxAge === SNAPSHOT_MAX_AGE_MS ? await snapshotFolders(file) : undefined;
    if (now - stats.mtimeMs > maxAge || (folders !== undefined && !folders.some((folder) => existsSync(folder))))
      await unlink(file).catch(() => {});
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

/**
 * The content folders a snapshot file was made for (from its header); undefined when it cannot be told or has web
 * sources.
 */
async function snapshotFolders(file: string): Promise<string[] | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
    const head = new Uint8Array(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const { headerLength, total } = readPrefix(head.subarray(0, bytesRead));
    if (PREFIX + headerLength > bytesRead) return undefined;
    const sources: unknown = parseHeader(head, headerLength, total).sources;
    const folders = Array.isArray(sources)
      ? sources.filter((spec): spec is string => typeof spec === 'string' && path.isAbsolute(spec))
      : [];
    return folders.length > 0 && folders.length === (sources as unknown[]).length ? folders : undefined;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

export interface SnapshotCheck {
  /** The sources' specs, in order. */
  sources: readonly string[];
  codeKey: string;
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
 * The snapshot when it is whole and was made by the same code for the same sources; else undefined. Whether the
 * sources changed since is the caller's to tell (Catalog.keys). Only the small header is read before deciding; a
 * damaged file never throws. The posts'
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
  const handle = {
    read: (into: Uint8Array, offset: number, length: number, position: number) =>
      readAsync(fd, into, offset, length, position),
  };
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
    if (header.codeKey !== check.codeKey || JSON.stringify(header.sources) !== JSON.stringify(check.sources))
      return fail();
    const textAt = header.sections.text;
    if (!textAt) return fail();

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

async function readFully(
  handle: { read(into: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }> },
  into: Uint8Array,
  position: number,
): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new SnapshotError('file shorter than it says');
    done += bytesRead;
  }
}
