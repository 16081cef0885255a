// The served posts and their index as one binary block: what a restart loads instead of re-reading and re-indexing,
// and what a worker thread hands back after a reload (a SharedArrayBuffer: no copy either way).
//
// Layout: 24-byte header (magic, format, header length, CRC-32 of the rest, total length), a JSON header naming the
// sections, then the sections, each 8-byte aligned: JSON (posts in chunks, problems, the folder scan), the vocabulary
// (terms joined by '\n'), the typed arrays of the paragraph layout and the index, and last the posts' plain text as
// UTF-8. A snapshot loaded from its file leaves the text there and reads a post's text when it is needed.
// A snapshot is used only when it was made by the same code, for the same folder, and the folder's scan (every
// entry's path, type, size, modification time and mode) is unchanged; anything else, or any damage, means rebuild.
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, read, readFileSync, readSync, readdirSync } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Problem } from '../content/post.js';
import type { TextPiece } from './post-text.js';
import { TermIndex, type TermIndexData } from './term-index.js';

const MAGIC = [0x42, 0x4c, 0x4f, 0x47, 0x42, 0x4f, 0x54, 0x00]; // "BLOGBOT\0"
const FORMAT = 3;
const PREFIX = 24;
const POSTS_PER_CHUNK = 1024;
const TERMS_PER_SLICE = 8192;
const TERM_BYTES_PER_SLICE = 256 * 1024;

/** One served post as stored: everything but its text, plus a hash of its Markdown body to tell edits apart. */
export interface CatalogPost {
  slug: string;
  title: string;
  date: string;
  url: string;
  summary?: string;
  file: string;
  fingerprint: string;
  /** Hash of the Markdown body (a changed body means a changed post). */
  hash: string;
}

/** What a build produces and a snapshot holds. Typed arrays may be views into one shared buffer. */
export interface CatalogParts {
  contentDir: string;
  codeKey: string;
  /** The folder scan taken before reading it (see scanFolder). */
  scan: string;
  posts: CatalogPost[];
  problems: Problem[];
  drafts: Problem[];
  /** Distinct headings; paragraphHeadings point into it. */
  headings: string[];
  /** All posts' plain text, UTF-8, one after the other; post d is text[textOffsets[d], textOffsets[d + 1]). In shared memory when built by a worker. */
  text: Uint8Array;
  textOffsets: Uint32Array;
  /** Post d's paragraphs are paragraphStarts[paragraphOffsets[d], paragraphOffsets[d + 1]) (UTF-16 offsets in its text). */
  paragraphOffsets: Uint32Array;
  paragraphStarts: Uint32Array;
  /** Where each paragraph starts in its post's UTF-8 text, in bytes: a paragraph can be decoded without the rest. */
  paragraphBytes: Uint32Array;
  /** Post d's text is textLengths[d] UTF-16 units long. */
  textLengths: Uint32Array;
  paragraphHeadings: Uint32Array;
  index: TermIndexData;
}

export interface Catalog extends Omit<CatalogParts, 'index'> {
  /** The block everything but the text is read from (the snapshot file's bytes up to where the text starts). */
  buffer: SharedArrayBuffer;
  /** Set when the text is read from the snapshot file; `text` is then empty. */
  textFile?: TextFile;
  /** Unique per build. */
  generation: string;
  index: TermIndex;
}

interface Header {
  codeKey: string;
  contentDir: string;
  generation: string;
  docCount: number;
  termCount: number;
  paragraphCount: number;
  postChunks: number;
  sections: Record<string, [offset: number, length: number]>;
}

const TYPED = {
  text: Uint8Array,
  textOffsets: Uint32Array,
  paragraphOffsets: Uint32Array,
  paragraphStarts: Uint32Array,
  paragraphBytes: Uint32Array,
  textLengths: Uint32Array,
  paragraphHeadings: Uint32Array,
  offsets: Uint32Array,
  postings: Uint32Array,
  freqs: Uint16Array,
  masks: Uint16Array,
  paragraphDf: Uint32Array,
  docLengths: Uint32Array,
} as const;
type TypedName = keyof typeof TYPED;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Lays the parts out in the snapshot format, as one SharedArrayBuffer holding everything but the text: the text is the
 * last section, written after the block as it is (see writeSnapshot), so a big blog's text is never copied. The
 * checksum covers both.
 */
export function encodeCatalog(parts: CatalogParts, generation: string = randomUUID()): SharedArrayBuffer {
  const blobs: Array<[string, Uint8Array]> = [];
  const json = (name: string, value: unknown) => blobs.push([name, encoder.encode(JSON.stringify(value))]);
  json('scan', parts.scan);
  json('meta', { problems: parts.problems, drafts: parts.drafts, headings: parts.headings });
  let postChunks = 0;
  for (let start = 0; start < parts.posts.length; start += POSTS_PER_CHUNK, postChunks++) {
    json(`posts.${postChunks}`, parts.posts.slice(start, start + POSTS_PER_CHUNK).map(postRow));
  }
  blobs.push(['terms', encoder.encode(parts.index.terms.join('\n'))]);
  const typed: Record<Exclude<TypedName, 'text'>, ArrayBufferView> = {
    textOffsets: parts.textOffsets,
    paragraphOffsets: parts.paragraphOffsets,
    paragraphStarts: parts.paragraphStarts,
    paragraphBytes: parts.paragraphBytes,
    textLengths: parts.textLengths,
    paragraphHeadings: parts.paragraphHeadings,
    offsets: parts.index.offsets,
    postings: parts.index.postings,
    freqs: parts.index.freqs,
    masks: parts.index.masks,
    paragraphDf: parts.index.paragraphDf,
    docLengths: parts.index.docLengths,
  };
  for (const [name, view] of Object.entries(typed)) blobs.push([name, new Uint8Array(view.buffer, view.byteOffset, view.byteLength)]);
  // The text goes last: a snapshot is loaded without it (see readSnapshot), as the block up to where it starts.
  blobs.push(['text', parts.text]);
  const blockBlobs = blobs.slice(0, -1);

  // The header names where each section goes; its own length must be known first, so lay out twice.
  const header: Header = {
    codeKey: parts.codeKey,
    contentDir: parts.contentDir,
    generation,
    docCount: parts.posts.length,
    termCount: parts.index.terms.length,
    paragraphCount: parts.index.paragraphCount,
    postChunks,
    sections: {},
  };
  let headerBytes = encoder.encode(JSON.stringify(header));
  for (let room = headerBytes.length; ; room = headerBytes.length) {
    let at = align(PREFIX + room);
    for (const [name, bytes] of blobs) {
      header.sections[name] = [at, bytes.length];
      at = align(at + bytes.length);
    }
    headerBytes = encoder.encode(JSON.stringify(header));
    // Offsets only grow with the room given, so this settles in a few rounds; a shorter header is padded.
    if (headerBytes.length <= room) {
      headerBytes = encoder.encode(JSON.stringify(header).padEnd(room, ' '));
      break;
    }
  }
  const textAt = header.sections.text![0];
  const total = textAt + parts.text.length;
  if (total > 0xffffffff) throw new Error('index too big for one snapshot (4 GB)');
  const buffer = new SharedArrayBuffer(textAt);
  const bytes = new Uint8Array(buffer);
  bytes.set(MAGIC, 0);
  const view = new DataView(buffer);
  view.setUint32(8, FORMAT, true);
  view.setUint32(12, headerBytes.length, true);
  view.setUint32(20, total, true);
  bytes.set(headerBytes, PREFIX);
  for (const [name, blob] of blockBlobs) bytes.set(blob, header.sections[name]![0]);
  view.setUint32(16, zlib.crc32(parts.text, zlib.crc32(bytes.subarray(PREFIX))), true);
  return buffer;
}

/** An open snapshot file, and where its text section starts: threads of the process share the descriptor. */
export interface TextFile {
  fd: number;
  offset: number;
}

// Reads from the file go through one buffer, grown as needed: reading is synchronous, so it is never shared.
let scratch = Buffer.alloc(64 * 1024);

/** A post's plain text (its paragraphs joined by blank lines). */
export function postText(catalog: Catalog, doc: number): string {
  const length = catalog.textOffsets[doc + 1]! - catalog.textOffsets[doc]!;
  // Only text read from the file needs room; text in memory is decoded where it is.
  if (catalog.textFile && scratch.length < length) scratch = Buffer.alloc(Math.max(length, scratch.length * 2));
  return decoder.decode(postBytes(catalog, doc, scratch, 0));
}

/**
 * A post's text as UTF-8: a view of the block, or read from the snapshot file into `into` at `at` (which must have
 * room for it).
 */
export function postBytes(catalog: Catalog, doc: number, into: Uint8Array, at: number): Uint8Array {
  const from = catalog.textOffsets[doc]!;
  const to = catalog.textOffsets[doc + 1]!;
  if (!catalog.textFile) return catalog.text.subarray(from, to);
  const length = to - from;
  let done = 0;
  while (done < length) {
    const read = readSync(catalog.textFile.fd, into, at + done, length - done, catalog.textFile.offset + from + done);
    // The file is written once and renamed into place, never changed: a short read means it was damaged since.
    if (read === 0) throw new SnapshotError('snapshot file shorter than it was');
    done += read;
  }
  return into.subarray(at, at + length);
}

/**
 * The paragraphs of a post that overlap [from, to) (UTF-16 offsets in its text), decoded without the rest of it, and
 * where they start: a question reads a few paragraphs of a long post, not all of it. `bytes` is the post's UTF-8.
 */
export function postTextPiece(catalog: Catalog, doc: number, from: number, to: number, bytes: Uint8Array): TextPiece {
  const first = catalog.paragraphOffsets[doc]!;
  const count = catalog.paragraphOffsets[doc + 1]! - first;
  if (count === 0) return { start: 0, text: decoder.decode(bytes) };
  const starts = catalog.paragraphStarts;
  // The last paragraph starting at or before `from`, then the first starting at or after `to` past it.
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[first + mid]! <= from) low = mid;
    else high = mid - 1;
  }
  let end = low + 1;
  while (end < count && starts[first + end]! < to) end++;
  const bytesTo = end < count ? catalog.paragraphBytes[first + end]! : bytes.length;
  return { start: starts[first + low]!, text: decoder.decode(bytes.subarray(catalog.paragraphBytes[first + low]!, bytesTo)) };
}

/** A post's paragraphs with their headings, as the build was given them. */
export function postParagraphs(catalog: Catalog, doc: number, text = postText(catalog, doc)): Array<{ text: string; heading: string }> {
  const from = catalog.paragraphOffsets[doc]!;
  const to = catalog.paragraphOffsets[doc + 1]!;
  const paragraphs: Array<{ text: string; heading: string }> = [];
  for (let k = from; k < to; k++) {
    const end = k + 1 < to ? catalog.paragraphStarts[k + 1]! - 2 : text.length;
    paragraphs.push({ text: text.slice(catalog.paragraphStarts[k]!, end), heading: catalog.headings[catalog.paragraphHeadings[k]!] ?? '' });
  }
  return paragraphs;
}

function postRow(post: CatalogPost): unknown[] {
  return [post.slug, post.title, post.date, post.url, post.summary ?? null, post.file, post.fingerprint, post.hash];
}

function rowPost(row: unknown): CatalogPost {
  if (!Array.isArray(row) || row.length !== 8) throw new SnapshotError('bad post row');
  const [slug, title, date, url, summary, file, fingerprint, hash] = row as string[];
  return { slug: slug!, title: title!, date: date!, url: url!, ...(summary ? { summary } : {}), file: file!, fingerprint: fingerprint!, hash: hash! };
}

function align(at: number): number {
  return (at + 7) & ~7;
}

/** A snapshot that cannot be used (damaged, other format): never shown to users, it only means "rebuild". */
export class SnapshotError extends Error {}

function readPrefix(bytes: Uint8Array): { headerLength: number; crc: number; total: number } {
  if (bytes.length < PREFIX || MAGIC.some((byte, i) => bytes[i] !== byte)) throw new SnapshotError('not a blogbot snapshot');
  const view = new DataView(bytes.buffer, bytes.byteOffset, PREFIX);
  if (view.getUint32(8, true) !== FORMAT) throw new SnapshotError('other snapshot format');
  return { headerLength: view.getUint32(12, true), crc: view.getUint32(16, true), total: view.getUint32(20, true) };
}

function parseHeader(bytes: Uint8Array, headerLength: number, total: number): Header {
  if (PREFIX + headerLength > total) throw new SnapshotError('header out of bounds');
  const header = JSON.parse(decoder.decode(bytes.subarray(PREFIX, PREFIX + headerLength))) as Header;
  if (typeof header !== 'object' || header === null || typeof header.sections !== 'object') throw new SnapshotError('bad header');
  for (const [offset, length] of Object.values(header.sections)) {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset % 8 !== 0 || offset < PREFIX || offset + length > total) {
      throw new SnapshotError('section out of bounds');
    }
  }
  return header;
}

/** Gives way to the event loop once a slice of work has taken `sliceMs`, so decoding never stalls it for long. */
export function timeSlicer(sliceMs: number): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

/**
 * Reads a catalog out of a buffer in the snapshot format (views, no copies). With `pause`, the work is cut into
 * slices that give way to the event loop (a reload swaps in a new index while queries keep being answered).
 */
export async function decodeCatalog(
  buffer: SharedArrayBuffer,
  options: { verify?: boolean; pause?: () => Promise<void>; textFile?: TextFile; text?: Uint8Array } = {},
): Promise<Catalog> {
  const pause = options.pause ?? (async () => {});
  const bytes = new Uint8Array(buffer);
  const { headerLength, crc, total } = readPrefix(bytes);
  const header = parseHeader(bytes, headerLength, total);
  const textAt = header.sections.text;
  if (!textAt) throw new SnapshotError('missing section text');
  // The block is the file up to the text; the text is in memory beside it, or in the file (checked by readSnapshot
  // as it read the file).
  if (bytes.length !== textAt[0]) throw new SnapshotError('truncated snapshot');
  if (!options.textFile && options.text?.length !== textAt[1]) throw new SnapshotError('missing text');
  if (options.verify && options.text && zlib.crc32(options.text, zlib.crc32(bytes.subarray(PREFIX))) !== crc) throw new SnapshotError('checksum mismatch');
  const section = (name: string): Uint8Array => {
    const found = header.sections[name];
    if (!found) throw new SnapshotError(`missing section ${name}`);
    if (found[0] + found[1] > bytes.length) throw new SnapshotError(`section ${name} out of bounds`);
    return bytes.subarray(found[0], found[0] + found[1]);
  };
  const json = (name: string): unknown => JSON.parse(decoder.decode(section(name)));
  const typed = <N extends TypedName>(name: N): InstanceType<(typeof TYPED)[N]> => {
    const raw = section(name);
    const Type = TYPED[name] as unknown as new (buffer: ArrayBufferLike, offset: number, length: number) => InstanceType<(typeof TYPED)[N]>;
    const size = TYPED[name].BYTES_PER_ELEMENT;
    if (raw.byteLength % size !== 0) throw new SnapshotError(`bad section ${name}`);
    return new Type(buffer, raw.byteOffset, raw.byteLength / size);
  };

  const meta = json('meta') as { problems: Problem[]; drafts: Problem[]; headings: string[] };
  const posts: CatalogPost[] = [];
  for (let chunk = 0; chunk < header.postChunks; chunk++) {
    for (const row of json(`posts.${chunk}`) as unknown[]) posts.push(rowPost(row));
    await pause();
  }
  // The vocabulary is decoded a slice at a time (ending at a line break): it holds millions of bytes in a big blog.
  const termBytes = section('terms');
  const terms: string[] = [];
  for (let from = 0; from < termBytes.length; ) {
    let to = Math.min(termBytes.length, from + TERM_BYTES_PER_SLICE);
    while (to < termBytes.length && termBytes[to] !== 10) to++;
    for (const term of decoder.decode(termBytes.subarray(from, to)).split('\n')) terms.push(term);
    from = to + 1;
    await pause();
  }
  const termIds = new Map<string, number>();
  for (let id = 0; id < terms.length; id++) {
    termIds.set(terms[id]!, id);
    if (id % TERMS_PER_SLICE === TERMS_PER_SLICE - 1) await pause();
  }
  const data: TermIndexData = {
    terms,
    offsets: typed('offsets'),
    postings: typed('postings'),
    freqs: typed('freqs'),
    masks: typed('masks'),
    paragraphDf: typed('paragraphDf'),
    paragraphCount: header.paragraphCount,
    docLengths: typed('docLengths'),
  };
  const catalog: Catalog = {
    buffer,
    generation: header.generation,
    contentDir: header.contentDir,
    codeKey: header.codeKey,
    scan: json('scan') as string,
    posts,
    problems: meta.problems,
    drafts: meta.drafts,
    headings: meta.headings,
    text: options.textFile ? new Uint8Array(0) : options.text!,
    textOffsets: typed('textOffsets'),
    paragraphOffsets: typed('paragraphOffsets'),
    paragraphStarts: typed('paragraphStarts'),
    paragraphBytes: typed('paragraphBytes'),
    textLengths: typed('textLengths'),
    paragraphHeadings: typed('paragraphHeadings'),
    index: new TermIndex(data, termIds),
    ...(options.textFile && { textFile: options.textFile }),
  };
  await checkShape(catalog, header, textAt[1], options.verify === true, pause);
  return catalog;
}

// A checksum catches damage; this catches a snapshot that is whole but inconsistent (a bug), before it is served.
// `deep` also checks every posting and paragraph (a few ms at 10k posts): for files, not for a worker's fresh buffer.
async function checkShape(catalog: Catalog, header: Header, textLength: number, deep: boolean, pause: () => Promise<void>): Promise<void> {
  const n = catalog.posts.length;
  const { index, textOffsets, paragraphOffsets, paragraphStarts, paragraphBytes, textLengths, paragraphHeadings } = catalog;
  const sizes =
    n === header.docCount &&
    index.data.terms.length === header.termCount &&
    index.docCount === n &&
    textOffsets.length === n + 1 &&
    paragraphOffsets.length === n + 1 &&
    textOffsets[n] === textLength &&
    paragraphOffsets[n] === paragraphStarts.length &&
    paragraphHeadings.length === paragraphStarts.length &&
    paragraphBytes.length === paragraphStarts.length &&
    textLengths.length === n &&
    index.data.offsets.length === index.data.terms.length + 1 &&
    index.data.offsets[index.data.terms.length] === index.data.postings.length &&
    index.data.freqs.length === index.data.postings.length &&
    index.data.masks.length === index.data.postings.length &&
    index.data.paragraphDf.length === index.data.terms.length;
  const ok =
    sizes &&
    (await ascending(textOffsets, pause)) &&
    (await ascending(paragraphOffsets, pause)) &&
    (await ascending(index.data.offsets, pause)) &&
    (!deep || ((await below(index.data.postings, n, pause)) && (await below(paragraphHeadings, catalog.headings.length, pause))));
  if (!ok) throw new SnapshotError('inconsistent snapshot');
}

// Checks run over arrays of millions of values at 100k posts: a slice at a time, giving way in between.
const CHECK_SLICE = 1 << 22;

async function below(values: Uint32Array, limit: number, pause: () => Promise<void>): Promise<boolean> {
  for (let from = 0; from < values.length; from += CHECK_SLICE) {
    const to = Math.min(values.length, from + CHECK_SLICE);
    for (let i = from; i < to; i++) if (values[i]! >= limit) return false;
    await pause();
  }
  return true;
}

async function ascending(values: Uint32Array, pause: () => Promise<void>): Promise<boolean> {
  for (let from = 1; from < values.length; from += CHECK_SLICE) {
    const to = Math.min(values.length, from + CHECK_SLICE);
    for (let i = from; i < to; i++) if (values[i]! < values[i - 1]!) return false;
    await pause();
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------------------------

/** Where the snapshot of a content folder goes: `<cache dir>/<hash of the folder's absolute path>.bin`. */
export function snapshotFile(contentDir: string, cacheDir: string = defaultCacheDir()): string {
  const key = createHash('sha256').update(path.resolve(contentDir)).digest('hex').slice(0, 20);
  return path.join(cacheDir, `${key}.bin`);
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

/**
 * Removes leftovers of interrupted writes, snapshots not written for a month, and snapshots of content folders
 * that no longer exist (test runs make many short-lived folders).
 */
async function prune(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const maxAge = name.endsWith('.tmp') ? TMP_MAX_AGE_MS : name.endsWith('.bin') ? SNAPSHOT_MAX_AGE_MS : undefined;
    if (maxAge === undefined) continue;
    const file = path.join(dir, name);
    const stats = await stat(file).catch(() => undefined);
    if (!stats || now - stats.mtimeMs < TMP_MAX_AGE_MS) continue;
    const folder = maxAge === SNAPSHOT_MAX_AGE_MS ? await snapshotFolder(file) : undefined;
    if (now - stats.mtimeMs > maxAge || (folder !== undefined && !existsSync(folder))) await unlink(file).catch(() => {});
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
 * text stays in the file (the operating system caches it), out of the process's memory: postText reads a post's
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

// ---------------------------------------------------------------------------------------------------------------
// Telling whether the folder changed, without reading it
// ---------------------------------------------------------------------------------------------------------------

const STAT_BATCH = 128;
/**
 * File times come from a coarse clock: a file rewritten (same size) within the same tick keeps its time. A scan
 * that sees an entry changed this recently is "racy" (git's word): no snapshot is made from it.
 */
export const RACY_MS = 2000;

export interface FolderScan {
  /** A digest of every entry's path, type, size, modification time and mode: any change to one changes it. */
  key: string;
  entries: number;
  /** Total size of the Markdown files: room to reserve for the posts' text (about as long as their Markdown). */
  markdownBytes: number;
  /** Some entry changed less than RACY_MS before the scan: a snapshot of it could miss a later same-size edit. */
  racy: boolean;
}

/**
 * Every entry the loader could look at (all but dot-files and node_modules, recursively), each with its type,
 * size, modification time and mode: cheap (lstat only) and a superset of what loading reads, so any change that
 * could change what is served changes the scan.
 */
export async function scanFolder(dir: string): Promise<FolderScan> {
  const started = Date.now();
  let newest = 0;
  let markdownBytes = 0;
  const root = await realpath(dir);
  // Each entry's own hash is added into one sum, in any order: no sorting nor one long string at 100k files, which
  // would stall the event loop when a reload scans the folder.
  const sum = new Uint32Array(8);
  let count = 0;
  const add = (row: Array<string | number>) => {
    const digest = createHash('sha256').update(JSON.stringify(row)).digest();
    for (let i = 0; i < 8; i++) sum[i] = (sum[i]! + digest.readUInt32LE(i * 4)) >>> 0;
    count++;
  };
  const walk = async (relative: string): Promise<void> => {
    let listing;
    try {
      listing = await readdir(path.join(root, relative), { withFileTypes: true });
    } catch (error) {
      add([relative, 'unreadable', (error as NodeJS.ErrnoException).code ?? 'error']);
      return;
    }
    const names = listing.filter((entry) => !entry.name.startsWith('.') && entry.name !== 'node_modules');
    const folders: string[] = [];
    for (let i = 0; i < names.length; i += STAT_BATCH) {
      await Promise.all(
        names.slice(i, i + STAT_BATCH).map(async (entry) => {
          const file = relative ? `${relative}/${entry.name}` : entry.name;
          const full = path.join(root, file);
          try {
            const stats = await lstat(full);
            if (!stats.isDirectory()) newest = Math.max(newest, stats.mtimeMs);
            const kind = stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : 'other';
            const row: Array<string | number> = [file, kind, stats.size, stats.mtimeMs, stats.mode];
            if (kind === 'link') row.push(await stat(full).then((target) => (target.isDirectory() ? 'to-dir' : 'to-file'), () => 'dangling'));
            if (kind === 'dir') folders.push(file);
            if (kind === 'file' && /\.md$/i.test(entry.name)) markdownBytes += stats.size;
            add(row);
          } catch (error) {
            add([file, 'gone', (error as NodeJS.ErrnoException).code ?? 'error']);
          }
        }),
      );
    }
    for (const folder of folders) await walk(folder);
  };
  await walk('');
  const key = `${count}:${Buffer.from(sum.buffer).toString('hex')}`;
  return { key, entries: count, markdownBytes, racy: newest > started - RACY_MS };
}

// ---------------------------------------------------------------------------------------------------------------
// Which code made a snapshot
// ---------------------------------------------------------------------------------------------------------------

let codeKeyMemo: string | undefined;

/**
 * A hash of the code that decides what a snapshot holds: every module of src/content and src/search, the build
 * worker, and the stemmer's version. Any edit there (a new stop word, a parsing fix) makes old snapshots stale.
 */
export function codeKey(): string {
  if (codeKeyMemo) return codeKeyMemo;
  const hash = createHash('sha256').update(`format ${FORMAT}\n`);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const folders = [here, path.join(here, '..', 'content')];
  for (const folder of folders) {
    let names: string[] = [];
    try {
      names = readdirSync(folder).filter((name) => /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')).sort();
    } catch {
      // A missing folder hashes as empty.
    }
    for (const name of names) hash.update(`${path.basename(folder)}/${name}\n`).update(readFileSync(path.join(folder, name)));
  }
  for (const worker of ['index-worker.ts', 'index-worker.js']) {
    const file = path.join(here, '..', worker);
    if (existsSync(file)) hash.update(worker).update(readFileSync(file));
  }
  try {
    const require = createRequire(import.meta.url);
    hash.update(`natural ${(require('natural/package.json') as { version: string }).version}`);
  } catch {
    hash.update('natural ?');
  }
  codeKeyMemo = hash.digest('hex').slice(0, 32);
  return codeKeyMemo;
}
